using System;

namespace MetricaChats.Core.Chats;

/// <summary>
/// A problem with a chat export CSV as a whole (empty file, duplicate or missing columns):
/// nothing in the file can be imported until it is fixed. Row problems are never thrown;
/// they are <see cref="ChatIssue"/> values.
/// </summary>
public sealed class ChatCsvFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">A stable code from <see cref="ChatIssueCodes"/>.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="fix">What to do about it.</param>
    public ChatCsvFormatException(string code, string message, string fix)
        : base(message + " Fix: " + fix)
    {
        Code = code;
        Fix = fix;
    }

    /// <summary>Creates the exception with a generic code (for serialisers and analyzers).</summary>
    public ChatCsvFormatException()
        : this("InvalidCsv", "The chat CSV file cannot be read.", "Check that it is a CSV file with a header line.")
    {
    }

    /// <summary>Creates the exception with a generic code.</summary>
    /// <param name="message">What is wrong.</param>
    public ChatCsvFormatException(string message)
        : this("InvalidCsv", message, "Check that it is a CSV file with a header line.")
    {
    }

    /// <summary>Creates the exception with a generic code and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ChatCsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InvalidCsv";
        Fix = "Check that it is a CSV file with a header line.";
    }

    /// <summary>Stable code: <see cref="ChatIssueCodes.EmptyFile"/>, <see cref="ChatIssueCodes.DuplicateColumn"/>, <see cref="ChatIssueCodes.NoKnownColumns"/> or <see cref="ChatIssueCodes.MissingColumn"/>.</summary>
    public string Code { get; }

    /// <summary>What to do about it (also at the end of <see cref="Exception.Message"/>).</summary>
    public string Fix { get; }
}
