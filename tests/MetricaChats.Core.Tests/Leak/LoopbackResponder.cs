using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>
/// A minimal HTTP server on 127.0.0.1 for answers the sandbox never gives (a redirect, an error
/// page that quotes the request back). It reads each request's head, keeps it, and answers with
/// what <c>respond</c> builds from it, then closes the connection.
/// </summary>
internal sealed class LoopbackResponder : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string> _respond;
    private readonly List<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackResponder(Func<string, string> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The request heads received so far (request line and headers).</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_requests) { return _requests.ToArray(); } }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                lock (_requests)
                {
                    _requests.Add(head);
                }

                var answer = Encoding.UTF8.GetBytes(_respond(head));
                await stream.WriteAsync(answer, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (text.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var all = text.ToString();
        var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? all : all.Substring(0, end);
    }

    /// <summary>A complete HTTP/1.1 response that closes the connection.</summary>
    public static string Response(int status, string reason, string body = "", string contentType = "text/plain", string extraHeaders = "") =>
        $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{extraHeaders}\r\n{body}";
}
