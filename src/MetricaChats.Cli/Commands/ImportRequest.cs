namespace MetricaChats.Cli.Commands;

/// <summary>The parsed arguments of <c>import</c>.</summary>
internal sealed class ImportRequest
{
    public required string File { get; init; }

    public int Counter { get; init; }

    public string? Comment { get; init; }

    public int? BatchSize { get; init; }

    public bool Wait { get; init; }

    public string? WaitTimeout { get; init; }

    public string? MaxRejected { get; init; }

    public string? DryRunDirectory { get; init; }

    public string? RejectsFile { get; init; }

    public string? StateFile { get; init; }

    public string? Ledger { get; init; }

    public bool Resend { get; init; }

    public string? Encoding { get; init; }

    public string? DefaultRegion { get; init; }

    public string? TimeZone { get; init; }

    public required OutputSettings Output { get; init; }

    public required ConnectionRequest Connection { get; init; }
}
