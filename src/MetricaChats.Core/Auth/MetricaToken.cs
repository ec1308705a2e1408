using System;
using System.Runtime.InteropServices;
using System.Security;

namespace MetricaChats.Core.Auth;

/// <summary>
/// A Yandex OAuth token for Metrica. The secret is never part of <see cref="ToString"/>, of an
/// exception message or of any serialised form; only the HTTP client reveals it, to build the
/// Authorization header. Dispose to clear it from memory.
/// </summary>
public sealed class MetricaToken : IDisposable
{
    private char[]? _secret;

    private MetricaToken(char[] secret)
    {
        _secret = secret;
    }

    /// <summary>Creates a token from a <see cref="SecureString"/> (the PowerShell surface).</summary>
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
            return Create(chars);
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
    public static MetricaToken FromString(string secret)
    {
        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        return Create(secret.ToCharArray());
    }

    private static MetricaToken Create(char[] chars)
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
            Array.Clear(chars, 0, chars.Length);
            throw new ArgumentException("The token is empty. Get one at https://oauth.yandex.ru (see docs/security.md) and pass it again.", nameof(chars));
        }

        var trimmed = new char[end - start];
        Array.Copy(chars, start, trimmed, 0, trimmed.Length);
        Array.Clear(chars, 0, chars.Length);
        return new MetricaToken(trimmed);
    }

    /// <summary>Length of the secret, for diagnostics that must not show it.</summary>
    public int Length => (_secret ?? throw Disposed()).Length;

    /// <summary>
    /// The secret as text. Internal: only the HTTP client (for the Authorization header) and the
    /// protected stores call it.
    /// </summary>
    internal string Reveal() => new string(_secret ?? throw Disposed());

    /// <summary>A copy of the secret as a <see cref="SecureString"/>, for hand-over to PowerShell stores.</summary>
    public SecureString ToSecureString()
    {
        var s = new SecureString();
        foreach (var c in _secret ?? throw Disposed())
        {
            s.AppendChar(c);
        }

        s.MakeReadOnly();
        return s;
    }

    /// <summary>True when both tokens hold the same secret (constant-time comparison).</summary>
    public bool SecretEquals(MetricaToken other)
    {
        if (other is null)
        {
            return false;
        }

        var a = _secret ?? throw Disposed();
        var b = other._secret ?? throw Disposed();
        var diff = a.Length ^ b.Length;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            diff |= a[i] ^ b[i];
        }

        return diff == 0;
    }

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => "MetricaToken(hidden)";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_secret is { } s)
        {
            Array.Clear(s, 0, s.Length);
            _secret = null;
        }
    }

    private static ObjectDisposedException Disposed() => new(nameof(MetricaToken));
}
