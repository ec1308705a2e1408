using System;
using System.Management.Automation;
using MetricaChats.Core.Linking;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Generates short, unique, unguessable tracking ids for messenger links.</para>
/// <para type="description">Each id is a prefix followed by random characters from a 31-character alphabet without look-alikes
/// (no 0, O, 1, I, L), valid as a Telegram start parameter. See docs/en-US/New-MetricaChatTrackingId.md.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "MetricaChatTrackingId")]
[OutputType(typeof(string))]
public sealed class NewMetricaChatTrackingIdCommand : PSCmdlet
{
    /// <summary>How many ids to generate.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 100_000_000)]
    public int Count { get; set; } = 1;

    /// <summary>Prefix of letters, digits, '_' and '-', kept in upper case.</summary>
    [Parameter]
    [AllowEmptyString]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>Number of random characters after the prefix.</summary>
    [Parameter]
    [ValidateRange(TrackingIdFormat.MinLength, TrackingIdFormat.MaxTotalLength)]
    public int Length { get; set; } = TrackingIdFormat.DefaultLength;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        TrackingIdFormat format;
        try
        {
            format = new TrackingIdFormat(Prefix, Length);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(MetricaCmdlet.UserError(ex, "InvalidTrackingIdFormat", ErrorCategory.InvalidArgument, ex.ParamName == "length" && string.IsNullOrEmpty(Prefix) ? Length : Prefix, LinkingErrors.FormatAction));
            return;
        }

        using var generator = new TrackingIdGenerator(format);
        for (var i = 0; i < Count; i++)
        {
            WriteObject(generator.Next());
        }
    }
}
