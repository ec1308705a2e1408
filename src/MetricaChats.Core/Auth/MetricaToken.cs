using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;

namespace MetricaChats.Core.Auth;

/// <summary>
/// A Yandex OAuth token for Metrica. The secret is never part of <see cref="ToString"/>, of an
/// exception message or of any serialised form; only the HTTP client reveals it, to build the
/// Authorization header. Dispose to clear it from memory.
/// </summary>
/// <remarks>
/// In memory the secret is kept masked: XOR-ed with a random pad of the same length, in two
/// arrays pinned for the token's lifetime (so the garbage collector never leaves copies behind
/// when it compacts the heap). The plain text exists in the HTTP client's Authorization value
/// (one string per client, wiped when the client is disposed) and briefly in the bytes handed to
/// a protected store. This keeps the token out of casual memory dumps
/// and heap scans for its text; it is not a defence against code running in the same process.
/// A token is one word of printable ASCII: whitespace, control and non-ASCII characters inside
/// it are refused (they would corrupt or inject an HTTP header), without echoing the secret.
/// </remarks>
public sealed class MetricaToken : IDisposable
{
    private readonly object _gate = new();
    private char[]? _masked;
    private char[]? _pad;
    private GCHandle _maskedHandle;
    private GCHandle _padHandle;

    private MetricaToken(char[] plain, int start, int length)
    {
        _masked = new char[length];
        _pad = new char[length];
        _maskedHandle = GCHandle.Alloc(_masked, GCHandleType.Pinned);
        _padHandle = GCHandle.Alloc(_pad, GCHandleType.Pinned);

        var random = new byte[length * 2];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(random);
        }

        for (var i = 0; i < length; i++)
        {
            var p = (char)(random[2 * i] | (random[(2 * i) + 1] << 8));
            _pad[i] = p;
            _masked[i] = (char)(plain[start + i] ^ p);
        }

        Array.Clear(random, 0, random.Length);
    }

    /// <summary>Clears the secret if the token was never disposed.</summary>
    ~MetricaToken()
    {
        Clear();
    }

    /// <summary>Creates a token from a <see cref="SecureString"/> (the PowerShell surface).</summary>
    /// <exception cref="ArgumentException">The secret is empty or is not one word of printable ASCII.</exception>
    public static MetricaToken FromSecureString(SecureString secret)
    {
        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        var ptr = IntPtr.Zero;
        try
        {
            ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
            var chars = new char[secret.Length];
            Marshal.Copy(ptr, chars, 0, chars.Length);
            return FromChars(chars);
        }
        finally
        {
            if (ptr != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }

    /// <summary>Creates a token from text (environment variable, standard input, a store).</summary>
    /// <exception cref="ArgumentException">The secret is empty or is not one word of printable ASCII.</exception>
    public static MetricaToken FromString(string secret)
    {
        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        return FromChars(secret.ToCharArray());
    }

    /// <summary>
    /// Creates a token from characters, trimming surrounding whitespace. Takes ownership of
    /// <paramref name="chars"/>: the array is cleared before this returns or throws.
    /// </summary>
    internal static MetricaToken FromChars(char[] chars)
    {
        try
        {
            var start = 0;
            var end = chars.Length;
            while (start < end && char.IsWhiteSpace(chars[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(chars[end - 1]))
            {
                end--;
            }

            if (start == end)
            {
                throw new ArgumentException(
                    "The token is empty. Get one at https://oauth.yandex.ru (an OAuth app with the metrika:write and metrika:read scopes) and pass it again.",
                    "secret");
            }

            for (var i = start; i < end; i++)
            {
                if (chars[i] < '!' || chars[i] > '~')
                {
                    throw new ArgumentException(
                        $"The token has a space, control or non-ASCII character at position {i - start + 1} of {end - start}. "
                        + "A Yandex OAuth token is one word of printable ASCII: copy only the token, without quotes or line breaks.",
                        "secret");
                }
            }

            return new MetricaToken(chars, start, end - start);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }

    /// <summary>
    /// Creates a token from the ASCII/UTF-8 bytes a store returned. The caller still owns and
    /// clears <paramref name="bytes"/>.
    /// </summary>
    internal static MetricaToken FromUtf8(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            // Bytes above 0x7E (UTF-8 lead or continuation bytes) become characters that
            // FromChars refuses, which is the right answer for a token.
            chars[i] = (char)bytes[i];
        }

        return FromChars(chars);
    }

    /// <summary>Length of the secret, for diagnostics that must not show it.</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return (_masked ?? throw Disposed()).Length;
            }
        }
    }

    /// <summary>The secret as text (a new plain copy; the HTTP client uses <see cref="RevealWithPrefix"/>).</summary>
    internal string Reveal() => RevealWithPrefix(string.Empty);

    /// <summary>
    /// The secret behind a prefix, as one new string (e.g. <c>"OAuth " + secret</c> for the
    /// Authorization header), built without any other plain copy: the HTTP client builds its
    /// header value once with this and keeps that string as its only plain copy.
    /// </summary>
    internal string RevealWithPrefix(string prefix)
    {
        lock (_gate)
        {
            var masked = _masked ?? throw Disposed();
            var pad = _pad!;
            var chars = new char[prefix.Length + masked.Length];
            try
            {
                prefix.CopyTo(0, chars, 0, prefix.Length);
                for (var i = 0; i < masked.Length; i++)
                {
                    chars[prefix.Length + i] = (char)(masked[i] ^ pad[i]);
                }

                return new string(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }

    /// <summary>The secret as ASCII bytes, for a store. The caller clears the array after use.</summary>
    internal byte[] RevealUtf8()
    {
        lock (_gate)
        {
            var masked = _masked ?? throw Disposed();
            var pad = _pad!;
            var bytes = new byte[masked.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(masked[i] ^ pad[i]);
            }

            return bytes;
        }
    }

    private char[] RevealChars()
    {
        lock (_gate)
        {
            var masked = _masked ?? throw Disposed();
            var pad = _pad!;
            var chars = new char[masked.Length];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(masked[i] ^ pad[i]);
            }

            return chars;
        }
    }

    /// <summary>A copy of the secret as a <see cref="SecureString"/>, for hand-over to PowerShell stores.</summary>
    public SecureString ToSecureString()
    {
        lock (_gate)
        {
            var masked = _masked ?? throw Disposed();
            var pad = _pad!;
            var s = new SecureString();
            for (var i = 0; i < masked.Length; i++)
            {
                s.AppendChar((char)(masked[i] ^ pad[i]));
            }

            s.MakeReadOnly();
            return s;
        }
    }

    /// <summary>A copy of this token (the copy has its own pad and must be disposed on its own).</summary>
    public MetricaToken Clone()
    {
        var chars = RevealChars();
        try
        {
            return new MetricaToken(chars, 0, chars.Length);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }

    /// <summary>True when both tokens hold the same secret (constant-time comparison).</summary>
    public bool SecretEquals(MetricaToken other)
    {
        if (other is null)
        {
            return false;
        }

        var a = RevealChars();
        var b = other.RevealChars();
        try
        {
            var diff = a.Length ^ b.Length;
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }
        finally
        {
            Array.Clear(a, 0, a.Length);
            Array.Clear(b, 0, b.Length);
        }
    }

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => "MetricaToken(hidden)";

    /// <inheritdoc />
    public void Dispose()
    {
        Clear();
        GC.SuppressFinalize(this);
    }

    private void Clear()
    {
        lock (_gate)
        {
            if (_masked is { } m)
            {
                Array.Clear(m, 0, m.Length);
                Array.Clear(_pad!, 0, _pad!.Length);
                _maskedHandle.Free();
                _padHandle.Free();
                _masked = null;
                _pad = null;
            }
        }
    }

    private static ObjectDisposedException Disposed() => new(nameof(MetricaToken));
}
