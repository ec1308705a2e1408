using System;

namespace MetricaChats.Core.Auth;

/// <summary>
/// A problem finding, reading or storing a token. <see cref="ErrorId"/> is stable (one of
/// <see cref="AuthErrorIds"/>) so front ends can use it as their error id; the message says
/// what was wrong and what to do, and never contains the token.
/// </summary>
#pragma warning disable CA1032 // Always built with an error id and a message; the parameterless forms would lose the id.
public sealed class MetricaAuthException : Exception
#pragma warning restore CA1032
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorId">One of <see cref="AuthErrorIds"/>.</param>
    /// <param name="message">What was wrong and what to do; never the token.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MetricaAuthException(string errorId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
    }

    /// <summary>Stable identifier of the kind of problem (see <see cref="AuthErrorIds"/>).</summary>
    public string ErrorId { get; }
}
