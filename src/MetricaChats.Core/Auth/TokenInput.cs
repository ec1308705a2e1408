using System;
using System.IO;

namespace MetricaChats.Core.Auth;

/// <summary>
/// Reading a token from the environment and from standard input, without ever echoing it and
/// with as few plain-text copies as possible (characters are read into arrays that are cleared).
/// </summary>
public static class TokenInput
{
    /// <summary>The environment variable that holds a token for unattended runs.</summary>
    public const string EnvironmentVariable = "METRICA_TOKEN";

    /// <summary>The most characters read from standard input before giving up (a token is far shorter).</summary>
    public const int MaxInputLength = 16 * 1024;

    /// <summary>
    /// Reads a token from <paramref name="reader"/> to its end (the CLI's <c>--token-stdin</c>),
    /// trimming surrounding whitespace and line breaks. Nothing is written anywhere.
    /// </summary>
    /// <exception cref="MetricaAuthException"><see cref="AuthErrorIds.InvalidToken"/>: empty, several words or lines, or too long.</exception>
    public static MetricaToken ReadFrom(TextReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var buffer = new char[256];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxInputLength)
                    {
                        throw new MetricaAuthException(
                            AuthErrorIds.InvalidToken,
                            $"Standard input holds more than {MaxInputLength} characters, far more than a token. Pipe in only the token (for example: printenv METRICA_TOKEN | metrica-chats ... --token-stdin).");
                    }

                    var bigger = new char[buffer.Length * 2];
                    Array.Copy(buffer, bigger, length);
                    Array.Clear(buffer, 0, buffer.Length);
                    buffer = bigger;
                }

                var read = reader.Read(buffer, length, buffer.Length - length);
                if (read <= 0)
                {
                    break;
                }

                length += read;
            }

            var chars = new char[length];
            Array.Copy(buffer, chars, length);
            try
            {
                return MetricaToken.FromChars(chars);
            }
            catch (ArgumentException ex)
            {
                throw new MetricaAuthException(AuthErrorIds.InvalidToken, "The token read from standard input is not usable: " + ex.Message, ex);
            }
        }
        finally
        {
            Array.Clear(buffer, 0, buffer.Length);
        }
    }

    /// <summary>
    /// The token in <see cref="EnvironmentVariable"/>, or null when it is unset or blank.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads environment variables; defaults to the process environment.</param>
    /// <exception cref="MetricaAuthException"><see cref="AuthErrorIds.InvalidToken"/> when the value is not one token.</exception>
    public static MetricaToken? FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return MetricaToken.FromString(value!);
        }
        catch (ArgumentException ex)
        {
            throw new MetricaAuthException(AuthErrorIds.InvalidToken, $"The environment variable {EnvironmentVariable} does not hold a usable token: {ex.Message}", ex);
        }
    }
}
