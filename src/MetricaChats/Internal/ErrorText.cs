using System;

namespace MetricaChats.Internal;

/// <summary>Error text as a PowerShell user reads it.</summary>
internal static class ErrorText
{
    /// <summary>
    /// The message of <paramref name="exception"/> without the parameter-name text the runtime
    /// adds to an <see cref="ArgumentException"/> (" (Parameter 'secret')" on .NET,
    /// "Parameter name: secret" on a new line on .NET Framework): that name is the engine's,
    /// not a parameter the user typed.
    /// </summary>
    public static string Message(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        var message = exception.Message;
        if (exception is not ArgumentException { ParamName: { Length: > 0 } name })
        {
            return message;
        }

        // The runtime's own wording of the suffix, whatever the runtime and its language.
        var suffix = new ArgumentException(string.Empty, name).Message;
        var at = message.LastIndexOf(suffix, StringComparison.Ordinal);
        return at < 0 ? message : (message.Substring(0, at) + message.Substring(at + suffix.Length)).TrimEnd();
    }
}
