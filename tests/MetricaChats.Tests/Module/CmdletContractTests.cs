using System.Reflection;
using System.Text.RegularExpressions;
using MetricaChats.Core.Chats;

namespace MetricaChats.Tests.Module;

/// <summary>The cmdlet layer's contract, read from metadata: verbs, output types, binding, ShouldProcess, secrets, manifest.</summary>
[Collection(CmdletAssemblyCollection.Name)]
public sealed class CmdletContractTests
{
    // PowerShell's approved verbs (Get-Verb, PowerShell 7.4).
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split",
        "Step", "Switch", "Undo", "Unlock", "Watch",
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export",
        "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register",
        "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        "Use",
    };

    // Verbs that only read or compute: no ShouldProcess expected.
    private static readonly HashSet<string> ReadOnlyVerbs = new(StringComparer.Ordinal)
    {
        "Get", "Test", "Find", "Search", "Resolve", "Format", "ConvertTo", "ConvertFrom", "Convert", "Measure", "Compare", "Show", "Select", "Read", "Join", "Split",
    };

    // New- cmdlets that only build an object in memory (like New-TimeSpan): nothing to confirm.
    private static readonly HashSet<string> InMemoryNew = new(StringComparer.Ordinal) { "New-MetricaChatEvent", "New-MetricaChatLink", "New-MetricaChatTrackingId" };

    private static readonly string[] ModuleCmdlets =
    {
        "Connect-MetricaAccount", "Disconnect-MetricaAccount", "Get-MetricaAccount", "New-MetricaChatEvent", "Send-MetricaChatImport",
        "Get-MetricaChatImport", "Get-MetricaCounter", "Enable-MetricaCallsExtendedWindow", "Disable-MetricaCallsExtendedWindow",
        "Get-MetricaCallsExtendedWindow", "Get-MetricaGoal",
    };

    private static readonly HashSet<string> CommonParameterNamesAndAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "vb", "Debug", "db", "ErrorAction", "ea", "WarningAction", "wa", "InformationAction", "infa", "ErrorVariable", "ev",
        "WarningVariable", "wv", "InformationVariable", "iv", "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv",
        "ProgressAction", "proga", "WhatIf", "wi", "Confirm", "cf", "UseTransaction", "usetx",
    };

    private readonly CmdletAssembly _assembly;

    public CmdletContractTests(CmdletAssembly assembly) => _assembly = assembly;

    [Fact]
    public void The_module_has_every_cmdlet_of_the_issue()
    {
        var names = _assembly.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(ModuleCmdlets, name => Assert.Contains(name, names));
    }

    [Fact]
    public void Each_cmdlet_is_a_public_sealed_class_named_after_it_in_its_own_file()
    {
        Assert.All(_assembly.Cmdlets, c =>
        {
            Assert.True(c.Type.IsPublic && c.Type.IsSealed, c.Name + " must be public sealed");
            Assert.Equal(c.Verb + c.Noun + "Command", c.Type.Name);
            Assert.True(File.Exists(Path.Combine(_assembly.RepositoryRoot, "src", "MetricaChats", "Commands", c.Type.Name + ".cs")), c.Type.Name + ".cs missing");
        });
    }

    [Fact]
    public void Every_verb_is_approved()
    {
        Assert.All(_assembly.Cmdlets, c => Assert.True(ApprovedVerbs.Contains(c.Verb), c.Name + " uses an unapproved verb"));
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        Assert.All(_assembly.Cmdlets, c => Assert.True(c.OutputTypes.Count > 0, c.Name + " has no [OutputType]"));
    }

    [Fact]
    public void Every_cmdlet_of_the_module_derives_from_the_base_that_cancels_on_StopProcessing()
    {
        var baseType = _assembly.Module.GetType("MetricaChats.MetricaCmdlet", throwOnError: true)!;
        var stop = baseType.GetMethod("StopProcessing", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.Equal(baseType, stop.DeclaringType);
        Assert.All(_assembly.Cmdlets.Where(c => ModuleCmdlets.Contains(c.Name)), c => Assert.True(baseType.IsAssignableFrom(c.Type), c.Name));
    }

    [Fact]
    public void Mutating_cmdlets_support_ShouldProcess_and_Force()
    {
        var mutating = _assembly.Cmdlets.Where(c => !ReadOnlyVerbs.Contains(c.Verb) && !InMemoryNew.Contains(c.Name)).ToList();
        Assert.Contains(mutating, c => c.Name == "Send-MetricaChatImport");
        Assert.Contains(mutating, c => c.Name == "Disable-MetricaCallsExtendedWindow");
        Assert.All(mutating, c =>
        {
            Assert.True(c.SupportsShouldProcess, c.Name + " must set SupportsShouldProcess");
            Assert.True(c.Parameters.Any(p => p.Name == "Force" && p.Type.FullName == "System.Management.Automation.SwitchParameter"), c.Name + " needs -Force");
        });
    }

    [Fact]
    public void Read_only_cmdlets_do_not_pretend_to_change_anything()
    {
        Assert.All(_assembly.Cmdlets.Where(c => ReadOnlyVerbs.Contains(c.Verb)), c => Assert.False(c.SupportsShouldProcess, c.Name));
    }

    [Fact]
    public void Tokens_are_SecureString_or_PSCredential_never_text()
    {
        // A parameter named like a secret may not carry text (a switch such as -NoBareToken carries none).
        var secretLike = new Regex("token|password|secret(?!name)", RegexOptions.IgnoreCase);
        var textual = new[] { "System.String", "System.String[]", "System.Object", "System.Object[]", "System.Char[]", "System.Management.Automation.PSObject", "System.Byte[]" };
        foreach (var c in _assembly.Cmdlets)
        {
            foreach (var p in c.Parameters)
            {
                if (secretLike.IsMatch(p.Name) || p.Aliases.Any(secretLike.IsMatch))
                {
                    Assert.DoesNotContain(p.Type.FullName, textual);
                }
            }
        }

        Assert.Equal("System.Security.SecureString", _assembly.Cmdlet("Connect-MetricaAccount").Parameter("Token").Type.FullName);
        Assert.Equal("System.Management.Automation.PSCredential", _assembly.Cmdlet("Connect-MetricaAccount").Parameter("Credential").Type.FullName);
    }

    [Fact]
    public void No_parameter_name_or_alias_collides_with_another_or_with_a_common_parameter()
    {
        foreach (var c in _assembly.Cmdlets)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in c.Parameters.SelectMany(p => p.NamesForBinding))
            {
                Assert.True(seen.Add(name), c.Name + ": '" + name + "' is used twice");
                Assert.False(CommonParameterNamesAndAliases.Contains(name), c.Name + ": '" + name + "' is a common parameter name");
            }
        }
    }

    [Theory]
    [InlineData("New-MetricaChatEvent")]
    [InlineData("Join-MetricaChatVisit")]
    public void Chat_row_cmdlets_have_one_parameter_per_field_with_exactly_the_aliases_of_the_Core_table(string name)
    {
        var cmdlet = _assembly.Cmdlet(name);
        foreach (var (field, names) in ChatFieldAliases.All)
        {
            var parameter = cmdlet.Parameter(field.ToString());
            Assert.True(parameter.ByPropertyName, field + " must bind by property name");
            Assert.Equal(names.Skip(1).OrderBy(n => n, StringComparer.Ordinal), parameter.Aliases.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(field.ToString(), names[0]);
        }

        var fieldParameters = cmdlet.Parameters.Where(p => Enum.TryParse<ChatField>(p.Name, out _)).Count();
        Assert.Equal(ChatFieldAliases.All.Count, fieldParameters);
    }

    [Fact]
    public void New_output_binds_back_to_New_and_goes_whole_into_Send()
    {
        var newCmdlet = _assembly.Cmdlet("New-MetricaChatEvent");
        var chatEvent = Assert.Single(newCmdlet.OutputTypes);
        Assert.Equal("MetricaChats.Core.Chats.ChatEvent", chatEvent.FullName);

        // Every field of a ChatEvent binds to the parameter of the same field (re-validation round trip).
        var properties = _assembly.PipelineProperties(chatEvent);
        foreach (var field in Enum.GetNames<ChatField>())
        {
            var parameter = newCmdlet.Parameter(field);
            Assert.True(parameter.NamesForBinding.Any(properties.Contains), field + " of ChatEvent binds to no parameter");
        }

        // Send- takes the whole event (or any raw row) by value; an array given to -InputObject
        // item by item, as the pipeline gives it (issue 12, defect 8): so do New's rows.
        var send = _assembly.Cmdlet("Send-MetricaChatImport");
        var input = Assert.Single(send.Parameters, p => p.ByValue);
        Assert.Equal("System.Management.Automation.PSObject[]", input.Type.FullName);
        Assert.Equal("System.Management.Automation.PSObject[]", Assert.Single(newCmdlet.Parameters, p => p.ByValue).Type.FullName);
    }

    [Fact]
    public void Send_output_binds_by_name_to_every_mandatory_parameter_of_Get_MetricaChatImport_by_id()
    {
        var send = _assembly.Cmdlet("Send-MetricaChatImport");
        var upload = send.OutputTypes.Single(t => t.FullName == "MetricaChats.Core.Api.MetricaUpload");
        var get = _assembly.Cmdlet("Get-MetricaChatImport");
        var properties = _assembly.PipelineProperties(upload);
        var needed = get.Parameters.Where(p => p.MandatoryIn("ById")).ToList();
        Assert.Equal(new[] { "CounterId", "UploadId" }, needed.Select(p => p.Name).OrderBy(n => n));
        Assert.All(needed, p =>
        {
            Assert.True(p.ByPropertyName, p.Name + " must bind by property name");
            Assert.True(p.NamesForBinding.Any(properties.Contains), "no upload property binds -" + p.Name);
        });
        Assert.Contains(_assembly.Cmdlet("Get-MetricaChatImport").OutputTypes, t => t == upload);
    }

    [Fact]
    public void Counters_bind_to_every_CounterId_parameter()
    {
        var counter = Assert.Single(_assembly.Cmdlet("Get-MetricaCounter").OutputTypes);
        Assert.Equal("MetricaChats.Core.Api.MetricaCounter", counter.FullName);
        var properties = _assembly.PipelineProperties(counter);
        var withCounterId = _assembly.Cmdlets.Where(c => c.Parameters.Any(p => p.Name == "CounterId")).ToList();
        Assert.True(withCounterId.Count >= 6);
        Assert.All(withCounterId, c =>
        {
            var p = c.Parameter("CounterId");
            Assert.True(p.ByPropertyName, c.Name + " -CounterId must bind by property name");
            Assert.True(p.NamesForBinding.Any(properties.Contains), c.Name + ": no counter property binds -CounterId");
            Assert.Equal("MetricaChats.Completion.CounterIdCompleter", p.Completer?.FullName);
        });
    }

    [Fact]
    public void A_counter_piped_to_Get_MetricaChatImport_lists_its_uploads_instead_of_binding_its_Id_as_an_upload_id()
    {
        var counter = _assembly.Cmdlet("Get-MetricaCounter").OutputTypes.Single();
        var properties = _assembly.PipelineProperties(counter);
        var uploadId = _assembly.Cmdlet("Get-MetricaChatImport").Parameter("UploadId");
        Assert.DoesNotContain(uploadId.NamesForBinding, properties.Contains);
    }

    [Fact]
    public void Type_data_aliases_name_real_members_and_shadow_none()
    {
        var core = _assembly.Context.LoadFromAssemblyName("MetricaChats.Core");
        Assert.NotEmpty(_assembly.TypeData);
        foreach (var (typeName, aliases) in _assembly.TypeData)
        {
            var type = core.GetType(typeName);
            Assert.True(type is not null, typeName + " in MetricaChats.Types.ps1xml does not exist");
            foreach (var (alias, target) in aliases)
            {
                // PowerShell refuses a types file whose alias collides with a real member.
                Assert.Null(type!.GetProperty(alias));
                Assert.NotNull(type.GetProperty(target));
            }
        }
    }

    [Fact]
    public void ChatPlatform_parameters_complete_the_messengers()
    {
        var p = _assembly.Cmdlet("New-MetricaChatEvent").Parameter("ChatPlatform");
        Assert.Equal("MetricaChats.Completion.ChatPlatformCompleter", p.Completer?.FullName);
        // Not typed as the enum, so a bad value is a row error with the row number, not a binding
        // error; object, so the number ConvertTo-Json writes for an event's ChatPlatform arrives
        // as a number (a string parameter would make it text, which is never read as a number).
        Assert.Equal("System.Object", p.Type.FullName);
    }

    [Fact]
    public void Counter_names_and_upload_ids_complete_from_the_API_not_the_file_system()
    {
        Assert.Equal("MetricaChats.Completion.CounterNameCompleter", _assembly.Cmdlet("Get-MetricaCounter").Parameter("Name").Completer?.FullName);
        Assert.Equal("MetricaChats.Completion.UploadIdCompleter", _assembly.Cmdlet("Get-MetricaChatImport").Parameter("UploadId").Completer?.FullName);
    }

    [Fact]
    public void Completers_implement_IArgumentCompleter()
    {
        var completer = _assembly.SmaType("System.Management.Automation.IArgumentCompleter");
        var used = _assembly.Cmdlets.SelectMany(c => c.Parameters).Select(p => p.Completer).OfType<Type>().Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, t => Assert.True(completer.IsAssignableFrom(t), t.FullName));
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_of_the_assembly()
    {
        var manifest = File.ReadAllText(Path.Combine(_assembly.RepositoryRoot, "MetricaChats.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(block.Success, "CmdletsToExport = @(...) not found");
        var exported = Regex.Matches(block.Groups["list"].Value, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(_assembly.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), exported);
        Assert.DoesNotContain("'*'", block.Value);
    }

    [Fact]
    public void The_manifest_targets_both_editions_and_lists_no_third_party_assembly()
    {
        var manifest = File.ReadAllText(Path.Combine(_assembly.RepositoryRoot, "MetricaChats.psd1"));
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Desktop',\s*'Core'\)", manifest);
        Assert.Matches(@"PowerShellVersion\s*=\s*'5\.1'", manifest);
        Assert.Matches(@"RequiredAssemblies\s*=\s*@\(\)", manifest);
        foreach (var key in new[] { "Tags", "ProjectUri", "LicenseUri", "ReleaseNotes" })
        {
            Assert.Contains(key, manifest);
        }

        // The type and format files are loaded by the root module after its single-copy check.
        var rootModule = File.ReadAllText(Path.Combine(_assembly.RepositoryRoot, "MetricaChats.psm1"));
        Assert.Contains("Update-TypeData -AppendPath ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.Types.ps1xml'))", rootModule);
        Assert.Contains("Update-FormatData -AppendPath ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.Format.ps1xml'))", rootModule);
        Assert.True(rootModule.IndexOf("MetricaChatsAlreadyLoaded", StringComparison.Ordinal) < rootModule.IndexOf("Update-TypeData", StringComparison.Ordinal));

        foreach (var file in new[] { "MetricaChats.Format.ps1xml", "MetricaChats.Types.ps1xml", "MetricaChats.psm1", "LICENSE" })
        {
            Assert.True(File.Exists(Path.Combine(_assembly.RepositoryRoot, file)), file);
        }
    }

    [Fact]
    public void The_cmdlet_assembly_exposes_no_third_party_type_in_its_public_surface()
    {
        var thirdParty = new[] { "System.Text.Json", "Polly", "Microsoft.Identity", "System.Threading.RateLimiting" };
        foreach (var type in _assembly.Module.GetExportedTypes())
        {
            var members = type.GetProperties().Select(p => p.PropertyType)
                .Concat(type.GetMethods().SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
            foreach (var t in members)
            {
                var assembly = t.Assembly.GetName().Name ?? string.Empty;
                Assert.False(thirdParty.Any(assembly.StartsWith), type.FullName + " exposes " + t.FullName);
            }
        }
    }

    [Fact]
    public void The_format_file_has_a_view_for_every_output_type()
    {
        var format = File.ReadAllText(Path.Combine(_assembly.RepositoryRoot, "MetricaChats.Format.ps1xml"));
        var outputs = _assembly.Cmdlets.SelectMany(c => c.OutputTypes).Where(t => t.FullName!.StartsWith("MetricaChats", StringComparison.Ordinal)).Distinct();
        Assert.All(outputs, t => Assert.Contains("<TypeName>" + t.FullName + "</TypeName>", format));
    }

    [Fact]
    public void Every_error_category_of_the_API_error_map_exists_in_PowerShell()
    {
        var categories = _assembly.SmaType("System.Management.Automation.ErrorCategory").GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToHashSet();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<MetricaChats.Core.Api.MetricaErrorKind>())
        {
            var entry = MetricaChats.Internal.ApiErrorMap.For(kind);
            Assert.Contains(entry.Category, categories);
            Assert.True(ids.Add(entry.ErrorId), "error id used twice: " + entry.ErrorId);
            Assert.False(string.IsNullOrWhiteSpace(entry.RecommendedAction));
        }

        Assert.True(MetricaChats.Internal.ApiErrorMap.For(MetricaChats.Core.Api.MetricaErrorKind.DailyQuota).StopsCommand);
        Assert.True(MetricaChats.Internal.ApiErrorMap.For(MetricaChats.Core.Api.MetricaErrorKind.Unauthorized).StopsCommand);
        Assert.False(MetricaChats.Internal.ApiErrorMap.For(MetricaChats.Core.Api.MetricaErrorKind.NotFound).StopsCommand);
    }
}
