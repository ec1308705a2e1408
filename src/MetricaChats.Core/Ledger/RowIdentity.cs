using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace MetricaChats.Core.Ledger;

/// <summary>
/// What the ledger keeps of one row it sends: one or more 16-byte keys that identify the
/// conversion (for a chat, one key per chat partner id: the upload kind, the platform, which
/// id, its value and the time; see <see cref="ChatRowIdentity"/>), and a two-byte hash of every
/// other field, so that a row seen again can be told apart from an edited one, and the changed
/// fields named, without the ledger holding a value in plain text.
/// </summary>
/// <remarks>
/// A row is the same conversion as one already sent when ANY of its keys is in the ledger: an
/// export that later adds the partner's phone to a chat first exported with the username only
/// still matches.
/// </remarks>
public sealed class RowIdentity
{
    internal RowIdentity(byte[][] keys, byte[] fieldHashes, long time)
    {
        Keys = keys;
        FieldHashes = fieldHashes;
        Time = time;
    }

    /// <summary>The 16-byte keys (truncated SHA-256 of the identifying values).</summary>
    internal byte[][] Keys { get; }

    /// <summary>Two bytes per field, in the kind's field order (0 for an empty field).</summary>
    internal byte[] FieldHashes { get; }

    /// <summary>The row's time (Unix seconds).</summary>
    public long Time { get; }

    /// <summary>The first key as 32 hexadecimal digits (for tests and diagnostics; not personal data in clear).</summary>
    public override string ToString() => Keys.Length == 0 ? string.Empty : Hex(Keys[0]);

    /// <summary>The names of the fields whose hashes differ between a stored row and this one.</summary>
    internal static IReadOnlyList<string> DifferentFields(byte[]? stored, byte[] current, IReadOnlyList<string> fieldNames)
    {
        var differ = new List<string>();
        if (stored is null)
        {
            return differ;
        }

        for (var i = 0; i < fieldNames.Count; i++)
        {
            var at = i * 2;
            if (at + 1 >= stored.Length || at + 1 >= current.Length)
            {
                break;
            }

            if (stored[at] != current[at] || stored[at + 1] != current[at + 1])
            {
                differ.Add(fieldNames[i]);
            }
        }

        return differ;
    }

    internal static string Hex(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}

/// <summary>Builds identity keys and field hashes. Not thread-safe: one per producer.</summary>
internal sealed class RowIdentityBuilder : IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private readonly SHA256 _sha = SHA256.Create();
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>The 16-byte key of the given parts (the kind first, so kinds never share keys).</summary>
    public byte[] Key(string kind, string part1, string part2, string? value, long time)
    {
        _length = 0;
        Append(kind);
        Append(part1);
        Append(part2);
        Append(value);
        Append(time.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var hash = _sha.ComputeHash(_buffer, 0, _length);
        var key = new byte[16];
        Buffer.BlockCopy(hash, 0, key, 0, 16);
        return key;
    }

    /// <summary>Writes a two-byte hash of a value into <paramref name="target"/> at field <paramref name="index"/> (0 for empty).</summary>
    public static void FieldHash(string? value, byte[] target, int index)
    {
        ushort hash = 0;
        if (!string.IsNullOrEmpty(value))
        {
            // FNV-1a over the UTF-16 code units, folded to 16 bits; 0 stays reserved for "empty".
            var h = 2166136261u;
            foreach (var c in value!)
            {
                h = unchecked((h ^ c) * 16777619u);
            }

            hash = (ushort)(h ^ (h >> 16));
            if (hash == 0)
            {
                hash = 1;
            }
        }

        target[index * 2] = (byte)(hash >> 8);
        target[(index * 2) + 1] = (byte)hash;
    }

    public void Dispose() => _sha.Dispose();

    private void Append(string? value)
    {
        var text = value ?? string.Empty;
        var need = _length + Utf8.GetMaxByteCount(text.Length) + 1;
        if (_buffer.Length < need)
        {
            Array.Resize(ref _buffer, Math.Max(need, _buffer.Length * 2));
        }

        _length += Utf8.GetBytes(text, 0, text.Length, _buffer, _length);
        _buffer[_length++] = 0x1F; // unit separator: never part of a normalised value
    }
}
