namespace MetricaChats.Core.Chats;

/// <summary>Why no column (or property) name of an input is a chat field.</summary>
public enum ChatColumnCause
{
    /// <summary>Some name is a chat field.</summary>
    None = 0,

    /// <summary>A name holds several names joined by a delimiter: the input was split on the wrong one (a Russian Excel export read with ',').</summary>
    Delimiter,

    /// <summary>The names are garbled (U+FFFD, or UTF-8 read as Windows-1251/1252): the file was read in the wrong encoding.</summary>
    Encoding,

    /// <summary>The names look like data (times, messengers, phones): the file has no header line.</summary>
    NoHeaderRow,

    /// <summary>The names are simply not chat field names.</summary>
    UnknownNames,
}
