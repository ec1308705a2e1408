using System;
using System.Security.Cryptography;

namespace MetricaChats.Core.Linking;

/// <summary>
/// Makes tracking ids from a cryptographic random source (<see cref="RandomNumberGenerator"/>), so
/// ids cannot be guessed from one another. Each character is drawn uniformly from the 31-character
/// alphabet by rejection sampling (random bytes of 248 or more are discarded, so there is no modulo bias).
/// </summary>
/// <remarks>
/// An instance is not thread-safe (it keeps a buffer of random bytes); use one per thread, or the
/// static <see cref="NewId(TrackingIdFormat?)"/>, which locks. Uniqueness is probabilistic: with the
/// default 12 characters the chance that any two of n ids are equal is about n^2 / (2 * 31^12),
/// i.e. 6e-7 for one million ids and 6e-5 for ten million. Collisions are not silent: the join
/// reports every id seen twice.
/// </remarks>
public sealed class TrackingIdGenerator : IDisposable
{
    private const int BufferSize = 4096;

    // 248 = 8 * 31: bytes below it map uniformly onto the alphabet with b % 31.
    private const int RejectFrom = 248;

    private static readonly object SharedLock = new();
    private static TrackingIdGenerator? shared;

    private readonly RandomNumberGenerator random;
    private readonly byte[] buffer = new byte[BufferSize];
    private int position = BufferSize;

    /// <summary>Creates a generator for <paramref name="format"/> (the default format when null).</summary>
    public TrackingIdGenerator(TrackingIdFormat? format = null)
    {
        Format = format ?? TrackingIdFormat.Default;
        random = RandomNumberGenerator.Create();
    }

    /// <summary>The format of the ids this generator makes.</summary>
    public TrackingIdFormat Format { get; }

    /// <summary>One new id in <paramref name="format"/> (the default when null), from a shared, locked generator.</summary>
    public static string NewId(TrackingIdFormat? format = null)
    {
        lock (SharedLock)
        {
            shared ??= new TrackingIdGenerator();
            return shared.Next(format ?? TrackingIdFormat.Default);
        }
    }

    /// <summary>The next id in <see cref="Format"/>.</summary>
    public string Next() => Next(Format);

    /// <summary>Releases the random source.</summary>
    public void Dispose() => random.Dispose();

    private string Next(TrackingIdFormat format)
    {
        var chars = new char[format.TotalLength];
        format.Prefix.CopyTo(0, chars, 0, format.Prefix.Length);
        var alphabet = TrackingIdFormat.Alphabet;
        for (var i = format.Prefix.Length; i < chars.Length; i++)
        {
            int b;
            do
            {
                if (position == BufferSize)
                {
                    random.GetBytes(buffer);
                    position = 0;
                }

                b = buffer[position++];
            }
            while (b >= RejectFrom);

            chars[i] = alphabet[b % alphabet.Length];
        }

        return new string(chars);
    }
}
