using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) { return _now; }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) { _now += by; }
    }
}

/// <summary>Starts a sandbox on an ephemeral loopback port with a manual clock.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public const string Token = "test-token-123";
    public const string OtherToken = "other-token-456";
    public const string EmptyToken = "no-counters-789";
    public const int Counter = 12345;
    public const int OtherCounter = 777;

    public static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private Harness(SandboxServer server, ManualClock clock)
    {
        Server = server;
        Clock = clock;
        Client = new HttpClient { BaseAddress = server.BaseAddress };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("OAuth", Token);
    }

    public SandboxServer Server { get; }

    public ManualClock Clock { get; }

    public HttpClient Client { get; }

    public static long PastUnix => Start.ToUnixTimeSeconds() - 3600;

    public static async Task<Harness> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var clock = new ManualClock(Start);
        var options = new SandboxOptions
        {
            Clock = clock,
            ProcessingTime = TimeSpan.FromMinutes(3),
        };
        options.AddToken(Token, Counter);
        options.AddToken(OtherToken, OtherCounter);
        options.AddToken(EmptyToken);
        configure?.Invoke(options);
        return new Harness(await SandboxServer.StartAsync(options), clock);
    }

    public static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    public static string ValidCsv(int rows = 2, bool withClientId = true)
    {
        var sb = new StringBuilder(withClientId ? "DateTime,ChatPlatform,ChatUsername,ClientId\n" : "DateTime,ChatPlatform,ChatUsername\n");
        for (int i = 0; i < rows; i++)
        {
            sb.Append(PastUnix - i).Append(",telegram,user").Append(i);
            if (withClientId)
            {
                sb.Append(",1605608581").Append(i.ToString("000000"));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    public static MultipartFormDataContent FilePart(string csv, string partName = "file")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, partName, "chats.csv");
        return content;
    }

    public static string UploadPath(int counter = Counter, string? comment = null, string type = "CHATS") =>
        $"management/v1/counter/{counter}/offline_conversions/upload?type={type}" + (comment is null ? string.Empty : "&comment=" + Uri.EscapeDataString(comment));

    public Task<HttpResponseMessage> UploadAsync(string csv, string? comment = null, int counter = Counter) =>
        Client.PostAsync(UploadPath(counter, comment), FilePart(csv));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts Metrica's error body and returns the first error's message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status, string errorType)
    {
        Assert.Equal(status, (int)response.StatusCode);
        JsonElement body = await JsonAsync(response);
        Assert.Equal(status, body.GetProperty("code").GetInt32());
        JsonElement error = body.GetProperty("errors")[0];
        Assert.Equal(errorType, error.GetProperty("error_type").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(message, body.GetProperty("message").GetString());
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
