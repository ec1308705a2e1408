using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Tests.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

/// <summary>
/// A TLS certificate the client does not trust is final: retrying cannot make it trusted, and
/// every retry would offer the handshake (and, if it ever passed, the token) to the same server.
/// Against a real HTTPS server on 127.0.0.1 with a self-signed certificate; no name is resolved.
/// </summary>
public sealed class ClientTlsTests
{
    private const string Secret = "AQAAAAtls-secret-0123456789abcdef";

    [Fact]
    public async Task An_untrusted_certificate_fails_once_and_is_not_retried()
    {
        await using var server = SelfSignedTlsServer.Start();
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions
        {
            Endpoint = server.Address,
            UseSystemProxy = false,
            MaxRetries = 4,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        });

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListCountersAsync());

        Assert.True(ex.Final, ex.Message);
        Assert.Equal(MetricaErrorKind.Network, ex.Kind);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(0, client.RetryCount);
        Assert.Equal(1, client.RequestCount);
        Assert.Contains("certificate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not retried", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Handshakes);
        Assert.Equal(0, server.RequestBytes); // the request, and its Authorization header, never went out
        LeakScanner.AssertNone(LeakScanner.ScanException(Secret, ex));
    }

    [Fact]
    public async Task An_upload_to_an_untrusted_certificate_is_not_sent_and_not_reconciled()
    {
        await using var server = SelfSignedTlsServer.Start();
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions
        {
            Endpoint = server.Address,
            UseSystemProxy = false,
            MaxRetries = 4,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        });
        var csv = new MemoryStream("DateTime,ChatPlatform,ChatUserID\n1700000000,telegram,u1\n"u8.ToArray());

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.UploadChatsAsync(1, csv));

        Assert.True(ex.Final, ex.Message);
        Assert.Equal(1, client.RequestCount); // no retry, and no look-up of the uploads list
        Assert.Equal(1, server.Handshakes);
        Assert.Equal(0, server.RequestBytes);
    }

    /// <summary>An HTTPS listener on 127.0.0.1 whose certificate is self-signed (so no client trusts it).</summary>
    private sealed class SelfSignedTlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _handshakes;
        private int _requestBytes;

        private SelfSignedTlsServer(TcpListener listener, X509Certificate2 certificate)
        {
            _listener = listener;
            _certificate = certificate;
            _loop = Task.Run(AcceptAsync);
        }

        public Uri Address => new("https://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        /// <summary>TLS handshakes a client started.</summary>
        public int Handshakes => Volatile.Read(ref _handshakes);

        /// <summary>Bytes of HTTP request received after a handshake (none while the client refuses the certificate).</summary>
        public int RequestBytes => Volatile.Read(ref _requestBytes);

        public static SelfSignedTlsServer Start()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new SelfSignedTlsServer(listener, certificate);
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception)
            {
                // stopping
            }

            _certificate.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (connection)
                    await using (var tls = new SslStream(connection.GetStream()))
                    {
                        Interlocked.Increment(ref _handshakes);
                        try
                        {
                            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                            var buffer = new byte[4096];
                            int read;
                            while ((read = await tls.ReadAsync(buffer, _stop.Token)) > 0)
                            {
                                Interlocked.Add(ref _requestBytes, read);
                            }
                        }
                        catch (Exception)
                        {
                            // The client refused the certificate: what this server is for.
                        }
                    }
                });
            }
        }
    }
}
