using System;
using System.Collections.Generic;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;

namespace MetricaChats;

/// <summary>
/// The chat input settings shared by every cmdlet that reads chats (New-MetricaChatEvent,
/// Send-MetricaChatImport, Join-MetricaChatVisit): -Encoding for files the cmdlet reads itself,
/// -DefaultRegion for phone numbers without a country code, -TimeZone for times without an offset;
/// declared once so their names, validation and completion cannot drift apart. Also the once-per-run
/// check of the input objects' property names (unused names, and the likely cause when none is a chat
/// field), decided by Core's <see cref="ChatColumnDiagnosis"/>.
/// </summary>
public abstract class ChatInputCmdlet : MetricaCmdlet
{
    /// <summary>How Core's messages name this module's settings.</summary>
    internal static readonly ChatOptionNames OptionNames = new()
    {
        EncodingOption = "-Encoding {0}",
        DefaultRegionOption = "-DefaultRegion {0}",
        TimeZoneOption = "-TimeZone {0}",
        ExtendedWindowCommand = "the extended window (Enable-MetricaCallsExtendedWindow)",
    };

    /// <summary>The same, for objects that Import-Csv made: its delimiter, header and encoding parameters fix them.</summary>
    internal static readonly ChatOptionNames PipelineOptionNames = new()
    {
        EncodingOption = "Import-Csv -Encoding {0}",
        DefaultRegionOption = "-DefaultRegion {0}",
        TimeZoneOption = "-TimeZone {0}",
        DelimiterOption = "Import-Csv -Delimiter '{0}'",
        HeaderOption = "Import-Csv -Header {0}",
        ExtendedWindowCommand = "the extended window (Enable-MetricaCallsExtendedWindow)",
    };

    // Properties of the module's own output (ChatEvent, LinkedChat) that are not chat fields: never reported as unused.
    private static readonly HashSet<string> OwnProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "RowNumber", "IsAttributed", "TrackingId", "TrackingIdSource", "LinkStatus", "SiteRowNumber",
    };

    private ChatColumnTracker? _columns;
    private HashSet<string>? _boundNames;
    private bool _encodingNoted;

    /// <summary>The encoding of a file the cmdlet reads itself, when it has no byte order mark: auto (default: UTF-8, or Windows-1251 detected with a warning), utf-8, windows-1251, koi8-r, cp866, utf-16, ...</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ChatInputCompleter))]
    [ValidateChatEncoding]
    public string? Encoding { get; set; }

    /// <summary>The country of phone numbers written without a country code (RU, KZ, BY, ...). Default: none, so such numbers are rejected.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ChatInputCompleter))]
    [ValidatePhoneRegion]
    public string? DefaultRegion { get; set; }

    /// <summary>The time zone of times without an offset: an IANA or Windows id (Europe/Moscow, Russian Standard Time), UTC, +03:00, or a [TimeZoneInfo]. Default: this machine's zone.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ChatInputCompleter))]
    [TimeZoneIdTransformation]
    [ValidateChatTimeZone]
    public string? TimeZone { get; set; }

    /// <summary>The normaliser's settings from -DefaultRegion and -TimeZone, with this module's spellings in its messages.</summary>
    internal ChatNormalizerOptions NormalizerOptions()
    {
        var options = new ChatNormalizerOptions { DefaultRegion = DefaultRegion, OptionNames = OptionNames };
        if (Zone() is { } zone)
        {
            options.LocalTimeZone = zone;
        }

        return options;
    }

    /// <summary>The reader's settings from -Encoding, for a file the cmdlet reads itself; notices go to <paramref name="onNotice"/>.</summary>
    internal ChatCsvReaderOptions ReaderOptions(Action<ChatIssue> onNotice)
    {
        ChatTextEncodings.TryFind(Encoding, out var encoding, out _);
        return new ChatCsvReaderOptions { Encoding = encoding, OptionNames = OptionNames, OnNotice = onNotice };
    }

    /// <summary>The zone of -TimeZone, or null for the machine's.</summary>
    internal TimeZoneInfo? Zone() =>
        !string.IsNullOrWhiteSpace(TimeZone) && ChatTimeZones.TryFind(TimeZone, out var zone, out _) ? zone : null;

    /// <summary>
    /// Checks one pipeline object's property names, once per distinct set: writes the unused names
    /// as a warning (once per name per run). For an object none of whose names is a chat field it
    /// returns the error with the likely cause, for the caller to put on the row's record
    /// (<see cref="ChatRecord.ReadError"/>); when no object so far had a chat field (the whole input
    /// was read the wrong way) it ends the command with that error instead. Null when the row may go on.
    /// </summary>
    internal ChatIssue? CheckColumns(PSObject input, long row)
    {
        var names = PropertyNames(input);
        _columns ??= new ChatColumnTracker(PipelineOptionNames, IsBoundName);
        var before = _columns.AnyRecognised;
        var issue = _columns.Observe(names, row);
        if (issue is null)
        {
            return null;
        }

        if (issue.Severity == ChatIssueSeverity.Warning)
        {
            WriteWarning(issue.ToString());
            return null;
        }

        if (!before)
        {
            ThrowTerminatingError(ChatIssueErrors.Create(issue, input));
        }

        return issue;
    }

    /// <summary>The names of an object's properties, or a hashtable's keys.</summary>
    internal static IReadOnlyList<string> PropertyNames(PSObject input)
    {
        var names = new List<string>();
        if (input.BaseObject is System.Collections.IDictionary dictionary)
        {
            foreach (var key in dictionary.Keys)
            {
                names.Add(key?.ToString() ?? string.Empty);
            }

            return names;
        }

        foreach (var property in input.Properties)
        {
            names.Add(property.Name);
        }

        return names;
    }

    /// <summary>Says once that -Encoding does nothing for objects from the pipeline (they are already text).</summary>
    internal void NoteEncodingUnused()
    {
        if (!_encodingNoted && MyInvocation.BoundParameters.ContainsKey(nameof(Encoding)))
        {
            _encodingNoted = true;
            WriteWarning("-Encoding applies to files this command reads itself; objects from the pipeline are already text. Name the encoding where the file is read (Import-Csv -Encoding).");
        }
    }

    // A name is used when it binds to one of this command's pipeline parameters (a chat field, RowNumber,
    // TrackingId, ...) or is a property of the module's own output.
    private bool IsBoundName(string name)
    {
        if (_boundNames is null)
        {
            _boundNames = new HashSet<string>(OwnProperties, StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in MyInvocation.MyCommand.Parameters.Values)
            {
                foreach (var set in parameter.ParameterSets.Values)
                {
                    if (set.ValueFromPipelineByPropertyName)
                    {
                        _boundNames.Add(parameter.Name);
                        foreach (var alias in parameter.Aliases)
                        {
                            _boundNames.Add(alias);
                        }
                    }
                }
            }
        }

        return _boundNames.Contains(name.Trim());
    }
}
