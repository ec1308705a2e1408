using System;
using System.Threading;

namespace MetricaChats;

/// <summary>
/// The session-wide connection set by <c>Connect-MetricaAccount</c>. Static: one per
/// process, like the module's other state (a PowerShell process hosts one interactive
/// session; runspaces in the same process share it).
/// </summary>
internal static class MetricaSession
{
    /// <summary>The variable runbooks set instead of calling Connect-MetricaAccount.</summary>
    public const string TokenVariable = MetricaChats.Core.Auth.TokenInput.EnvironmentVariable;

    /// <summary>Optional endpoint override read together with <see cref="TokenVariable"/> (the sandbox).</summary>
    public const string EndpointVariable = "METRICA_ENDPOINT";

    private static SessionConnection? _current;

    /// <summary>The current connection, or null.</summary>
    public static SessionConnection? Current => Volatile.Read(ref _current);

    /// <summary>Replaces the connection (the previous one is disposed, clearing its token).</summary>
    public static void Set(SessionConnection? connection)
    {
        var previous = Interlocked.Exchange(ref _current, connection);
        if (previous is not null && !ReferenceEquals(previous, connection))
        {
            previous.Dispose();
        }
    }

    /// <summary>Sets <paramref name="connection"/> only when nothing is connected yet; returns the connection in force.</summary>
    public static SessionConnection SetIfEmpty(SessionConnection connection)
    {
        var existing = Interlocked.CompareExchange(ref _current, connection, null);
        if (existing is null)
        {
            return connection;
        }

        connection.Dispose();
        return existing;
    }

    /// <summary>The endpoint from <see cref="EndpointVariable"/>, or null when unset or not an absolute URI.</summary>
    public static Uri? EndpointFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(EndpointVariable);
        return !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var uri) ? uri : null;
    }
}
