namespace MetricaChats.Core.Chats;

/// <summary>
/// Length limits the normaliser enforces, in one place. <see cref="Tag"/> is Metrica's
/// documented limit; the others are ours (Metrica documents none): generous bounds that
/// catch junk such as a whole message pasted into an id column.
/// </summary>
public static class ChatTextLimits
{
    /// <summary>Tag: at most 100 characters (Unicode code points), Metrica's limit.</summary>
    public const int Tag = 100;

    /// <summary>ChatUsername, ChatUserId, UserId, PurchaseId: at most 512 characters.</summary>
    public const int Id = 512;

    /// <summary>Url and TrackerUrl: at most 8,192 characters.</summary>
    public const int Url = 8192;

    /// <summary>ClientId and Yclid: at most 20 digits (they are unsigned 64-bit numbers).</summary>
    public const int NumericId = 20;

    /// <summary>Phone numbers: between 7 and 15 digits (E.164 allows at most 15).</summary>
    public const int PhoneMinDigits = 7;

    /// <summary>Phone numbers: at most 15 digits (E.164).</summary>
    public const int PhoneMaxDigits = 15;

    /// <summary>Longest value shown in an issue; longer ones are shortened with an ellipsis.</summary>
    public const int ShownValue = 60;
}
