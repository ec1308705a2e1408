using System;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace MetricaChats.Core.Api.Internal;

/// <summary>
/// Creates the HTTP handler: <c>SocketsHttpHandler</c> where the runtime has it (.NET Core 2.1+,
/// PowerShell 7; reached by reflection because Core targets netstandard2.0), else
/// <see cref="HttpClientHandler"/> (Windows PowerShell 5.1). Redirects are never followed, so
/// the Authorization header cannot travel to another host; cookies are off; proxy as configured.
/// </summary>
internal static class HttpHandlerFactory
{
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(30);

    public static HttpMessageHandler Create(MetricaClientOptions options, out string kind)
    {
        var sockets = TryCreateSocketsHandler(options);
        if (sockets is not null)
        {
            kind = "SocketsHttpHandler";
            return sockets;
        }

        kind = "HttpClientHandler";
#pragma warning disable CA5399 // Certificate revocation: the platform default applies; nothing is disabled here.
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
#pragma warning restore CA5399
        ApplyProxy(options, p => handler.UseProxy = p, p => handler.Proxy = p);
        return handler;
    }

    private static void ApplyProxy(MetricaClientOptions options, Action<bool> setUseProxy, Action<IWebProxy?> setProxy)
    {
        if (options.Proxy is { } proxy)
        {
            setUseProxy(true);
            setProxy(proxy);
        }
        else
        {
            // UseProxy with no Proxy means the system proxy (environment variables, OS settings).
            setUseProxy(options.UseSystemProxy);
        }
    }

    private static HttpMessageHandler? TryCreateSocketsHandler(MetricaClientOptions options)
    {
        var type = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
        if (type is null)
        {
            return null;
        }

        var isSupported = type.GetProperty("IsSupported", BindingFlags.Public | BindingFlags.Static);
        if (isSupported is not null && isSupported.GetValue(null) is false)
        {
            return null;
        }

        HttpMessageHandler handler;
        try
        {
            handler = (HttpMessageHandler)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
        catch (MissingMethodException)
        {
            return null;
        }

        Set(type, handler, "AllowAutoRedirect", false);
        Set(type, handler, "UseCookies", false);
        Set(type, handler, "AutomaticDecompression", DecompressionMethods.GZip | DecompressionMethods.Deflate);
        Set(type, handler, "PooledConnectionLifetime", TimeSpan.FromMinutes(5));
        // Connecting never takes longer than a whole small request may (a runbook's short request timeout bounds it too).
        Set(type, handler, "ConnectTimeout", options.RequestTimeout < MaxConnectTimeout ? options.RequestTimeout : MaxConnectTimeout);
        ApplyProxy(options, p => Set(type, handler, "UseProxy", p), p => Set(type, handler, "Proxy", p));
        return handler;
    }

    private static void Set(Type type, object target, string name, object? value)
    {
        var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        property?.SetValue(target, value);
    }
}
