using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MetricaChats.Core.Auth;
using Microsoft.Data.Sqlite;

namespace MetricaChats.Core.Ledger;

/// <summary>
/// The import ledger: an embedded SQLite database (one file, by default <c>ledger.db</c> in the
/// configuration directory) that records every run, every batch's intent before its request
/// goes out and its outcome after, and the identity of every row sent (see
/// <see cref="RowIdentity"/>). It is what lets a killed run, two runs at once and overlapping
/// exports send each conversion once. Writes are transactions in WAL mode with full sync, so a
/// crash at any instant leaves it consistent. Thread-safe (one connection, serialised).
/// </summary>
/// <remarks>
/// The ledger holds no token and no value in clear: keys are truncated SHA-256 hashes of the
/// identifying values, other fields two-byte hashes. A phone number can still be recovered from
/// its hash by trying every number, so the file is created readable by its owner only and
/// should be protected like the exports themselves (docs/reliability.md).
/// </remarks>
public sealed partial class ImportLedger : IDisposable
{
    /// <summary>The ledger's file name in the configuration directory.</summary>
    public const string DefaultFileName = "ledger.db";

    private const int SchemaVersion = 1;
    private static readonly object InitGate = new();
    private static bool _initialized;
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private bool _disposed;

    private ImportLedger(string path, SqliteConnection connection, TimeProvider clock)
    {
        Path = path;
        _connection = connection;
        _clock = clock;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The default ledger file: <c>ledger.db</c> in the configuration directory (<c>METRICA_CONFIG_DIR</c> honoured).</summary>
    public static string DefaultPath(Func<string, string?>? getEnvironmentVariable = null) =>
        System.IO.Path.Combine(MetricaConfigDirectory.Resolve(getEnvironmentVariable), DefaultFileName);

    /// <summary>Opens (creating if needed) the ledger at <paramref name="path"/>.</summary>
    /// <exception cref="LedgerException">The file is not a MetricaChats ledger, is of a newer version, or cannot be opened.</exception>
    public static ImportLedger Open(string path) => Open(path, null);

    /// <summary>Opens the ledger with a clock for its times (tests; the import session passes its own).</summary>
    internal static ImportLedger Open(string path, TimeProvider? clock)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A ledger path is required.", nameof(path));
        }

        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new LedgerException("The ledger path '" + full + "' is a directory; name a file (for example '" + System.IO.Path.Combine(full, DefaultFileName) + "').");
        }

        EnsureSqlite();
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        CreateOwnerOnly(full);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var ledger = new ImportLedger(full, connection, clock ?? TimeProvider.System);
            ledger.Prepare();
            return ledger;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new LedgerException("The ledger '" + full + "' cannot be used: " + ex.Message + " Name another file, or move this one aside if it is damaged (the next run starts a new ledger; rows sent before are then no longer recognised).", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    internal DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>
    /// The scope of an endpoint, counter and upload kind (created on first use): rows sent to the
    /// sandbox never count as sent to Metrica, and a chat never as a call.
    /// </summary>
    public LedgerScope Scope(Uri endpoint, int counterId, string kind)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        var name = NormaliseEndpoint(endpoint);
        lock (_gate)
        {
            ThrowIfDisposed();
            using (var insert = _connection.CreateCommand())
            {
                insert.CommandText = "INSERT OR IGNORE INTO scopes(endpoint, counter_id, kind) VALUES($endpoint, $counter, $kind)";
                insert.Parameters.AddWithValue("$endpoint", name);
                insert.Parameters.AddWithValue("$counter", counterId);
                insert.Parameters.AddWithValue("$kind", kind);
                insert.ExecuteNonQuery();
            }

            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT id FROM scopes WHERE endpoint=$endpoint AND counter_id=$counter AND kind=$kind";
            select.Parameters.AddWithValue("$endpoint", name);
            select.Parameters.AddWithValue("$counter", counterId);
            select.Parameters.AddWithValue("$kind", kind);
            var id = Convert.ToInt64(select.ExecuteScalar(), CultureInfo.InvariantCulture);
            return new LedgerScope(id, name, counterId, kind);
        }
    }

    /// <summary>scheme://host[:port]/path, lower case, without a trailing slash.</summary>
    internal static string NormaliseEndpoint(Uri endpoint) =>
        endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant();

    internal static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static void EnsureSqlite()
    {
        lock (InitGate)
        {
            if (!_initialized)
            {
                SQLitePCL.Batteries_V2.Init();
                _initialized = true;
            }
        }
    }

    private static void CreateOwnerOnly(string full)
    {
        if (File.Exists(full) || !UnixFiles.IsUnix)
        {
            return;
        }

        // Created empty and owner-only before SQLite opens it (exclusively: a run that races to
        // create it never replaces another's); SQLite gives its -wal and -shm files the same mode.
        UnixFiles.CreateOwnerOnlyIfMissing(full);
    }

    private void Prepare()
    {
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA foreign_keys=ON;");
        var version = Convert.ToInt32(Scalar("PRAGMA user_version;"), CultureInfo.InvariantCulture);
        var appId = Convert.ToInt64(Scalar("PRAGMA application_id;"), CultureInfo.InvariantCulture);
        const long ApplicationId = 0x4D434C47; // "MCLG"
        var tables = Convert.ToInt64(Scalar("SELECT count(*) FROM sqlite_master WHERE type='table';"), CultureInfo.InvariantCulture);
        if (tables > 0 && appId != ApplicationId)
        {
            throw new LedgerException("'" + Path + "' is an SQLite database but not a MetricaChats ledger. Name another file for the ledger.");
        }

        if (version > SchemaVersion)
        {
            throw new LedgerException("The ledger '" + Path + "' was written by a newer MetricaChats (schema " + version.ToString(CultureInfo.InvariantCulture) + "; this one knows " + SchemaVersion.ToString(CultureInfo.InvariantCulture) + "). Update MetricaChats, or name another ledger file.");
        }

        if (version == SchemaVersion)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction();
        foreach (var statement in Schema)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }

        using (var stamp = _connection.CreateCommand())
        {
            stamp.Transaction = transaction;
            stamp.CommandText = "PRAGMA application_id=" + ApplicationId.ToString(CultureInfo.InvariantCulture) + "; PRAGMA user_version=" + SchemaVersion.ToString(CultureInfo.InvariantCulture) + ";";
            stamp.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static readonly string[] Schema =
    {
        @"CREATE TABLE IF NOT EXISTS scopes(
            id INTEGER PRIMARY KEY,
            endpoint TEXT NOT NULL,
            counter_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            UNIQUE(endpoint, counter_id, kind))",
        @"CREATE TABLE IF NOT EXISTS runs(
            id INTEGER PRIMARY KEY,
            scope_id INTEGER NOT NULL REFERENCES scopes(id),
            run_key TEXT NOT NULL,
            source TEXT,
            front_end TEXT,
            host TEXT,
            pid INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            alive_at INTEGER NOT NULL,
            ended_at INTEGER,
            status TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            sent INTEGER NOT NULL DEFAULT 0,
            already_sent INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            not_sent INTEGER NOT NULL DEFAULT 0,
            unknown INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            stop_reason TEXT)",
        "CREATE INDEX IF NOT EXISTS runs_scope ON runs(scope_id, id)",
        @"CREATE TABLE IF NOT EXISTS batches(
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            scope_id INTEGER NOT NULL REFERENCES scopes(id),
            number INTEGER NOT NULL,
            marker TEXT NOT NULL UNIQUE,
            content_sha256 TEXT NOT NULL,
            rows INTEGER NOT NULL,
            first_row INTEGER NOT NULL,
            last_row INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            state INTEGER NOT NULL,
            upload_id INTEGER,
            reconciled INTEGER NOT NULL DEFAULT 0,
            duplicated INTEGER NOT NULL DEFAULT 0,
            intent_at INTEGER NOT NULL,
            attempt_ended_at INTEGER,
            resolved_at INTEGER,
            note TEXT)",
        "CREATE INDEX IF NOT EXISTS batches_open ON batches(scope_id, state)",
        "CREATE INDEX IF NOT EXISTS batches_run ON batches(run_id)",
        @"CREATE TABLE IF NOT EXISTS rows(
            scope_id INTEGER NOT NULL,
            key BLOB NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            fields BLOB,
            time INTEGER NOT NULL,
            PRIMARY KEY(scope_id, key)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS rows_batch ON rows(batch_id)",
    };

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ImportLedger));
        }
    }
}
