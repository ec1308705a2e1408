namespace MetricaChats.Core.Chats;

/// <summary>The messengers Metrica's chat import accepts. The wire spelling is lower case.</summary>
public enum ChatPlatform
{
    /// <summary>WhatsApp (wire value <c>whatsapp</c>).</summary>
    WhatsApp = 1,

    /// <summary>Telegram (wire value <c>telegram</c>).</summary>
    Telegram = 2,

    /// <summary>Viber (wire value <c>viber</c>).</summary>
    Viber = 3,
}
