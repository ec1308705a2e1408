using System;
using System.Buffers.Text;
using System.Text;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// The byte-level spelling of chat CSV values, and exact measurement of it (the batcher needs
/// a file's size before writing it). Measuring and writing share the same rules; a test
/// checks that they agree.
/// </summary>
internal static class ChatCsvEncoding
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly byte[] WhatsApp = Encoding.ASCII.GetBytes("whatsapp");
    private static readonly byte[] Telegram = Encoding.ASCII.GetBytes("telegram");
    private static readonly byte[] Viber = Encoding.ASCII.GetBytes("viber");

    /// <summary>True for characters that never reach the file: C0 controls, DEL and C1 controls.</summary>
    internal static bool IsControl(char c) => c < ' ' || (c >= '\u007f' && c <= '\u009f');

    private static readonly int[] NameBytes = BuildNameBytes();

    /// <summary>Size of a whole file: header of the mask's columns plus rows.</summary>
    internal static long FileBytes(int mask, int rows, long valueBytes)
    {
        long header = 0;
        var columns = 0;
        for (var field = 0; field < NameBytes.Length; field++)
        {
            if ((mask & (1 << field)) != 0)
            {
                header += NameBytes[field];
                columns++;
            }
        }

        // Each line: values, (columns - 1) commas and one '\n'.
        return header + columns + valueBytes + ((long)rows * columns);
    }

    /// <summary>Bytes of all the event's values (empty ones count 0), without separators.</summary>
    internal static long MeasureValues(ChatEvent e)
    {
        long n = DigitCount(e.UnixTime);
        n += PlatformBytes(e.ChatPlatform).Length;
        n += MeasureText(e.ChatUsername);
        n += MeasureText(e.ChatUserId);
        n += MeasureText(e.PhoneNumber);
        n += MeasureText(e.ClientId);
        n += MeasureText(e.UserId);
        n += MeasureText(e.Yclid);
        n += MeasureText(e.PurchaseId);
        n += e.Answered.HasValue ? 1 : 0;
        n += MeasureText(e.Tag);
        n += e.Revenue is { } revenue ? MeasureDecimal(revenue) : 0;
        n += MeasureText(e.Currency);
        n += MeasureText(e.Url);
        n += MeasureText(e.TrackerUrl);
        return n;
    }

    /// <summary>An upper bound of a row's bytes, for buffer sizing.</summary>
    internal static int MaxRowBytes(ChatEvent e, int columns)
    {
        long n = 20 + 8 + 1 + 40 + columns;
        n += MaxText(e.ChatUsername) + MaxText(e.ChatUserId) + MaxText(e.PhoneNumber) + MaxText(e.ClientId) + MaxText(e.UserId) +
             MaxText(e.Yclid) + MaxText(e.PurchaseId) + MaxText(e.Tag) + MaxText(e.Currency) + MaxText(e.Url) + MaxText(e.TrackerUrl);
        return checked((int)n);
    }

    /// <summary>An upper bound of a header's bytes.</summary>
    internal static int MaxHeaderBytes(ChatCsvColumn[] columns)
    {
        var n = columns.Length;
        foreach (var column in columns)
        {
            n += MaxText(column.Name);
        }

        return n;
    }

    /// <summary>Writes one field's value of an event; empty when it has none.</summary>
    internal static int WriteValue(ChatEvent e, ChatField field, byte[] buffer, int position)
    {
        switch (field)
        {
            case ChatField.DateTime:
                return WriteInt64(e.UnixTime, buffer, position);
            case ChatField.ChatPlatform:
                var platform = PlatformBytes(e.ChatPlatform);
                Buffer.BlockCopy(platform, 0, buffer, position, platform.Length);
                return position + platform.Length;
            case ChatField.ChatUsername:
                return WriteText(e.ChatUsername, buffer, position);
            case ChatField.ChatUserId:
                return WriteText(e.ChatUserId, buffer, position);
            case ChatField.PhoneNumber:
                return WriteText(e.PhoneNumber, buffer, position);
            case ChatField.ClientId:
                return WriteText(e.ClientId, buffer, position);
            case ChatField.UserId:
                return WriteText(e.UserId, buffer, position);
            case ChatField.Yclid:
                return WriteText(e.Yclid, buffer, position);
            case ChatField.PurchaseId:
                return WriteText(e.PurchaseId, buffer, position);
            case ChatField.Answered:
                if (e.Answered is { } answered)
                {
                    buffer[position++] = answered ? (byte)'1' : (byte)'0';
                }

                return position;
            case ChatField.Tag:
                return WriteText(e.Tag, buffer, position);
            case ChatField.Revenue:
                if (e.Revenue is { } revenue)
                {
                    if (!Utf8Formatter.TryFormat(revenue, buffer.AsSpan(position), out var written))
                    {
                        throw new InvalidOperationException("Revenue does not fit the row buffer.");
                    }

                    position += written;
                }

                return position;
            case ChatField.Currency:
                return WriteText(e.Currency, buffer, position);
            case ChatField.Url:
                return WriteText(e.Url, buffer, position);
            case ChatField.TrackerUrl:
                return WriteText(e.TrackerUrl, buffer, position);
            default:
                return position;
        }
    }

    /// <summary>Writes text: control characters dropped; quoted, with quotes doubled, when it holds a comma or a quote.</summary>
    internal static int WriteText(string? s, byte[] buffer, int position)
    {
        if (string.IsNullOrEmpty(s))
        {
            return position;
        }

        var needsQuotes = false;
        var hasControl = false;
        foreach (var c in s!)
        {
            if (c == ',' || c == '"')
            {
                needsQuotes = true;
            }
            else if (IsControl(c))
            {
                hasControl = true;
            }
        }

        if (!needsQuotes && !hasControl)
        {
            return position + Utf8.GetBytes(s, 0, s.Length, buffer, position);
        }

        if (needsQuotes)
        {
            buffer[position++] = (byte)'"';
        }

        var runStart = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '"' && !IsControl(c))
            {
                continue;
            }

            if (i > runStart)
            {
                position += Utf8.GetBytes(s, runStart, i - runStart, buffer, position);
            }

            if (c == '"')
            {
                buffer[position++] = (byte)'"';
                buffer[position++] = (byte)'"';
            }

            runStart = i + 1;
        }

        if (s.Length > runStart)
        {
            position += Utf8.GetBytes(s, runStart, s.Length - runStart, buffer, position);
        }

        if (needsQuotes)
        {
            buffer[position++] = (byte)'"';
        }

        return position;
    }

    /// <summary>Exact bytes <see cref="WriteText"/> produces.</summary>
    internal static int MeasureText(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return 0;
        }

        var n = 0;
        var quotes = false;
        for (var i = 0; i < s!.Length; i++)
        {
            var c = s[i];
            if (c < 0x80)
            {
                if (c == '"')
                {
                    n += 2;
                    quotes = true;
                }
                else if (c == ',')
                {
                    n++;
                    quotes = true;
                }
                else if (c >= ' ' && c != '\u007f')
                {
                    n++;
                }
            }
            else if (c < 0x800)
            {
                n += c <= '\u009f' ? 0 : 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                n += 4;
                i++;
            }
            else
            {
                // BMP character, or a lone surrogate (written as U+FFFD, also 3 bytes).
                n += 3;
            }
        }

        return quotes ? n + 2 : n;
    }

    private static int[] BuildNameBytes()
    {
        var bytes = new int[(int)ChatField.TrackerUrl + 1];
        foreach (var column in ChatCsvSchema.Columns)
        {
            bytes[(int)column.Field] = MeasureText(column.Name);
        }

        return bytes;
    }

    private static int MaxText(string? s) => s is null ? 0 : (3 * s.Length) + 2;

    private static byte[] PlatformBytes(ChatPlatform platform) => platform switch
    {
        ChatPlatform.WhatsApp => WhatsApp,
        ChatPlatform.Telegram => Telegram,
        ChatPlatform.Viber => Viber,
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "Not a defined ChatPlatform."),
    };

    private static int MeasureDecimal(decimal value)
    {
        Span<byte> scratch = stackalloc byte[64];
        return Utf8Formatter.TryFormat(value, scratch, out var written) ? written : throw new InvalidOperationException("Unformattable revenue.");
    }

    private static int DigitCount(long value)
    {
        if (value < 0)
        {
            return 1 + DigitCount(value == long.MinValue ? long.MaxValue : -value);
        }

        var n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }

        return n;
    }

    private static int WriteInt64(long value, byte[] buffer, int position)
    {
        if (value < 0)
        {
            buffer[position++] = (byte)'-';
            if (value == long.MinValue)
            {
                const string min = "9223372036854775808";
                for (var i = 0; i < min.Length; i++)
                {
                    buffer[position++] = (byte)min[i];
                }

                return position;
            }

            value = -value;
        }

        var digits = DigitCount(value);
        var end = position + digits;
        var p = end;
        do
        {
            buffer[--p] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value != 0);

        return end;
    }
}
