using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MetricaChats.Sandbox;

/// <summary>
/// A local emulator of the parts of the Yandex Metrica Management API that MetricaChats uses,
/// listening on loopback over plain HTTP. Start it with <see cref="StartAsync"/>, point a client
/// at <see cref="BaseAddress"/>, inspect <see cref="State"/>, steer <see cref="Faults"/>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxRuntime _runtime;

    private SandboxServer(WebApplication app, SandboxRuntime runtime, Uri baseAddress)
    {
        _app = app;
        _runtime = runtime;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the sandbox listens, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Everything received so far.</summary>
    public SandboxState State => _runtime.State;

    /// <summary>Fault injection, changeable while running.</summary>
    public SandboxFaults Faults => _runtime.Options.Faults;

    /// <summary>Quotas, changeable while running.</summary>
    public SandboxQuotas Quotas => _runtime.Options.Quotas;

    /// <summary>
    /// The processing time of uploads accepted from now on (existing uploads keep theirs).
    /// </summary>
    public TimeSpan ProcessingTime
    {
        get => _runtime.ProcessingTime;
        set => _runtime.ProcessingTime = value;
    }

    /// <summary>
    /// The upload-by-id spelling served from now on (the other answers 404); a reset restores
    /// <see cref="SandboxOptions.UploadByIdPath"/>.
    /// </summary>
    public SandboxUploadByIdPath UploadByIdPath
    {
        get => _runtime.UploadByIdPath;
        set => _runtime.UploadByIdPath = value;
    }

    /// <summary>Forgets uploads, requests, counter switches, goals, visitors added while running and quota counts; clears faults; serves the upload-by-id path of the options again.</summary>
    public void Reset() => _runtime.Reset();

    /// <summary>Starts a sandbox on loopback.</summary>
    /// <param name="options">Where to listen, the tokens, processing time, faults, quotas, clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPAddress address = ResolveLoopback(options.Host);
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        var runtime = new SandboxRuntime(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(address, options.Port);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });

        WebApplication app = builder.Build();
        app.Use(runtime.GateAsync);
        SandboxApi.Map(app, runtime);
        SandboxCallsApi.Map(app, runtime);
        SandboxGoalsApi.Map(app, runtime);
        SandboxAdmin.Map(app, runtime);
        SandboxAdminLinkage.Map(app, runtime);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        runtime.BaseAddress = uri;
        return new SandboxServer(app, runtime, uri);
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IPAddress ResolveLoopback(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (!IPAddress.TryParse(host, out IPAddress? address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"The sandbox binds only to loopback; '{host}' is not a loopback address (use 127.0.0.1).", nameof(host));
        }

        return address;
    }
}
