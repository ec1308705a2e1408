namespace MetricaChats.Core.Linking;

/// <summary>Where <see cref="TrackingIdExtractor"/> found a tracking id.</summary>
public enum TrackingIdSource
{
    /// <summary>A Telegram <c>/start &lt;id&gt;</c> command (the bot deep link's start parameter).</summary>
    StartCommand = 1,

    /// <summary>A start parameter or Viber <c>context</c> given on its own.</summary>
    StartParameter,

    /// <summary>The tag in a first message, e.g. <c>[#ref K7M2Q9XH4TPA]</c>, however it was edited.</summary>
    Tag,

    /// <summary>An id-shaped word without its tag (the user deleted the <c>#ref</c>); weaker evidence.</summary>
    BareToken,
}
