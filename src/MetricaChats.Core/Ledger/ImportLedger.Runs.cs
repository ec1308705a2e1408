using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MetricaChats.Core.Ledger;

/// <summary>Runs: their start, heartbeat, end and history.</summary>
public sealed partial class ImportLedger
{
    /// <summary>Status of a run in progress.</summary>
    internal const string RunRunning = "running";

    /// <summary>Records a new run (status <c>running</c>) and returns its id.</summary>
    internal long BeginRun(LedgerScope scope, string runKey, string? source, string? frontEnd)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var now = ToUnixMs(Now);
            using var command = _connection.CreateCommand();
            command.CommandText = @"INSERT INTO runs(scope_id, run_key, source, front_end, host, pid, started_at, alive_at, status)
                VALUES($scope, $key, $source, $front, $host, $pid, $now, $now, $status); SELECT last_insert_rowid();";
            command.Parameters.AddWithValue("$scope", scope.Id);
            command.Parameters.AddWithValue("$key", runKey);
            command.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
            command.Parameters.AddWithValue("$front", (object?)frontEnd ?? DBNull.Value);
            command.Parameters.AddWithValue("$host", Environment.MachineName);
            command.Parameters.AddWithValue("$pid", CurrentProcessId());
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$status", RunRunning);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Says the run is still alive (a killed run's last heartbeat bounds when its requests could still be alive).</summary>
    internal void Heartbeat(long runId)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE runs SET alive_at=$now WHERE id=$id";
            command.Parameters.AddWithValue("$now", ToUnixMs(Now));
            command.Parameters.AddWithValue("$id", runId);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Records how a run ended, with its counts.</summary>
    internal void EndRun(long runId, string status, LedgerRunCounts counts, string? stopReason)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var now = ToUnixMs(Now);
            using var command = _connection.CreateCommand();
            command.CommandText = @"UPDATE runs SET ended_at=$now, alive_at=$now, status=$status, read=$read, sent=$sent, already_sent=$already,
                rejected=$rejected, not_sent=$notSent, unknown=$unknown, duplicates=$dups, stop_reason=$reason WHERE id=$id";
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$read", counts.Read);
            command.Parameters.AddWithValue("$sent", counts.Sent);
            command.Parameters.AddWithValue("$already", counts.AlreadySent);
            command.Parameters.AddWithValue("$rejected", counts.Rejected);
            command.Parameters.AddWithValue("$notSent", counts.NotSent);
            command.Parameters.AddWithValue("$unknown", counts.Unknown);
            command.Parameters.AddWithValue("$dups", counts.Duplicates);
            command.Parameters.AddWithValue("$reason", (object?)stopReason ?? DBNull.Value);
            command.Parameters.AddWithValue("$id", runId);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The latest runs, newest first, for one counter or all.</summary>
    public IReadOnlyList<LedgerRun> GetRuns(int? counterId = null, int limit = 20)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be positive.");
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT " + RunColumns + " FROM runs r JOIN scopes s ON s.id=r.scope_id" + (counterId is null ? string.Empty : " WHERE s.counter_id=$counter") + " ORDER BY r.id DESC LIMIT $limit";
            if (counterId is { } c)
            {
                command.Parameters.AddWithValue("$counter", c);
            }

            command.Parameters.AddWithValue("$limit", limit);
            var runs = new List<LedgerRun>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                runs.Add(ReadRun(reader));
            }

            return runs;
        }
    }

    /// <summary>One run with its batches, or null.</summary>
    public LedgerRun? GetRun(long runId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            LedgerRun? run = null;
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT " + RunColumns + " FROM runs r JOIN scopes s ON s.id=r.scope_id WHERE r.id=$id";
                command.Parameters.AddWithValue("$id", runId);
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    run = ReadRun(reader);
                }
            }

            return run is null ? null : run with { Batches = ReadBatches("run_id=$value", runId) };
        }
    }

    private const string RunColumns = "r.id, s.counter_id, s.kind, r.run_key, r.source, r.front_end, r.host, r.pid, r.started_at, r.alive_at, r.ended_at, r.status, r.read, r.sent, r.already_sent, r.rejected, r.not_sent, r.unknown, r.duplicates, r.stop_reason, s.endpoint";

    private static LedgerRun ReadRun(SqliteDataReader r)
    {
        var status = r.GetString(11);
        return new LedgerRun
        {
            Id = r.GetInt64(0),
            CounterId = r.GetInt32(1),
            Kind = r.GetString(2),
            RunKey = r.GetString(3),
            Source = r.IsDBNull(4) ? null : r.GetString(4),
            FrontEnd = r.IsDBNull(5) ? null : r.GetString(5),
            Host = r.IsDBNull(6) ? null : r.GetString(6),
            ProcessId = r.GetInt32(7),
            StartedAt = FromUnixMs(r.GetInt64(8)),
            AliveAt = FromUnixMs(r.GetInt64(9)),
            EndedAt = r.IsDBNull(10) ? null : FromUnixMs(r.GetInt64(10)),
            Status = status,
            Read = r.GetInt64(12),
            Sent = r.GetInt64(13),
            AlreadySent = r.GetInt64(14),
            Rejected = r.GetInt64(15),
            NotSent = r.GetInt64(16),
            Unknown = r.GetInt64(17),
            Duplicates = r.GetInt64(18),
            StopReason = r.IsDBNull(19) ? null : r.GetString(19),
            Endpoint = r.GetString(20),
        };
    }

    /// <summary>Marks runs of a counter that never ended (their process died) as interrupted; call while holding the counter's lock.</summary>
    internal void MarkInterruptedRuns(LedgerScope scope)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE runs SET status='interrupted' WHERE scope_id=$scope AND status=$running";
            command.Parameters.AddWithValue("$scope", scope.Id);
            command.Parameters.AddWithValue("$running", RunRunning);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The run that holds (or last held) a counter, for a "waiting for" message; null when none is recorded as running.</summary>
    internal LedgerRun? RunningRun(LedgerScope scope)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT " + RunColumns + " FROM runs r JOIN scopes s ON s.id=r.scope_id WHERE r.scope_id=$scope AND r.status=$running ORDER BY r.id DESC LIMIT 1";
            command.Parameters.AddWithValue("$scope", scope.Id);
            command.Parameters.AddWithValue("$running", RunRunning);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadRun(reader) : null;
        }
    }

    private static int CurrentProcessId()
    {
        using var process = Process.GetCurrentProcess();
        return process.Id;
    }
}

/// <summary>A run's counts, as recorded when it ends.</summary>
internal readonly record struct LedgerRunCounts(long Read, long Sent, long AlreadySent, long Rejected, long NotSent, long Unknown, long Duplicates);
