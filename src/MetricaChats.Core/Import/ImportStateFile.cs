using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetricaChats.Core.Import;

/// <summary>
/// The resume state of an import, kept in a JSON file named by the user: the run id (so the
/// batch markers stay the same on a re-run) and, per sent batch, its row range, size, content
/// hash and upload id. No token and no row data are stored.
/// </summary>
internal sealed class ImportStateFile
{
    private readonly object _gate = new();
    private readonly string _path;
    private readonly ImportStateDto _state;

    private ImportStateFile(string path, ImportStateDto state, bool existed)
    {
        _path = path;
        _state = state;
        Existed = existed;
    }

    /// <summary>True when the file was there before this run (a resume).</summary>
    public bool Existed { get; }

    public string RunId => _state.RunId;

    public string Path => _path;

    public static ImportStateFile OpenOrCreate(string path, int counterId, int maxRows, long maxBytes, Func<string> newRunId)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            ImportStateDto? dto;
            try
            {
                dto = JsonSerializer.Deserialize(File.ReadAllText(full), ImportStateJsonContext.Default.ImportStateDto);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException("The state file '" + full + "' is not a MetricaChats state file (" + ex.Message + "). Name another file or delete this one.", ex);
            }

            if (dto is null || dto.Version != 1 || string.IsNullOrEmpty(dto.RunId))
            {
                throw new InvalidOperationException("The state file '" + full + "' is not a MetricaChats state file of version 1. Name another file or delete this one.");
            }

            if (dto.CounterId != counterId)
            {
                throw new InvalidOperationException("The state file '" + full + "' belongs to an import into counter " + dto.CounterId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", not " + counterId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ". Use a state file per counter and input.");
            }

            if (dto.MaxRows != maxRows || dto.MaxBytes != maxBytes)
            {
                throw new InvalidOperationException("The state file '" + full + "' was written with other batch bounds (" + dto.MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture) + " rows, " + dto.MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes); the batches would not line up. Re-run with the same bounds, or use a new state file.");
            }

            dto.Batches ??= new List<ImportStateBatchDto>();
            return new ImportStateFile(full, dto, existed: true);
        }

        var fresh = new ImportStateDto
        {
            Version = 1,
            RunId = newRunId(),
            CounterId = counterId,
            MaxRows = maxRows,
            MaxBytes = maxBytes,
            Started = DateTimeOffset.UtcNow,
            Batches = new List<ImportStateBatchDto>(),
        };
        var file = new ImportStateFile(full, fresh, existed: false);
        file.Save();
        return file;
    }

    public ImportStateBatchDto? Find(int batchNumber)
    {
        lock (_gate)
        {
            foreach (var b in _state.Batches!)
            {
                if (b.Number == batchNumber)
                {
                    return b;
                }
            }

            return null;
        }
    }

    public void RecordSent(ImportStateBatchDto batch)
    {
        lock (_gate)
        {
            _state.Batches!.RemoveAll(b => b.Number == batch.Number);
            _state.Batches.Add(batch);
            _state.Batches.Sort((a, b) => a.Number.CompareTo(b.Number));
            Save();
        }
    }

    public void RecordStop(string? reason, bool completed)
    {
        lock (_gate)
        {
            _state.LastStopReason = reason;
            _state.Completed = completed;
            Save();
        }
    }

    private void Save()
    {
        var directory = System.IO.Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_state, ImportStateJsonContext.Default.ImportStateDto));
        if (File.Exists(_path))
        {
            File.Replace(temp, _path, null);
        }
        else
        {
            File.Move(temp, _path);
        }
    }
}

internal sealed class ImportStateDto
{
    public int Version { get; set; }

    public string RunId { get; set; } = string.Empty;

    public int CounterId { get; set; }

    public int MaxRows { get; set; }

    public long MaxBytes { get; set; }

    public DateTimeOffset Started { get; set; }

    public bool Completed { get; set; }

    public string? LastStopReason { get; set; }

    public List<ImportStateBatchDto>? Batches { get; set; }
}

internal sealed class ImportStateBatchDto
{
    public int Number { get; set; }

    public string Marker { get; set; } = string.Empty;

    public long FirstRow { get; set; }

    public long LastRow { get; set; }

    public int Rows { get; set; }

    public long Bytes { get; set; }

    public string? Sha256 { get; set; }

    public long UploadId { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImportStateDto))]
internal sealed partial class ImportStateJsonContext : JsonSerializerContext
{
}
