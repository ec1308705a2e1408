# MetricaChats loader. Runs before anything of the module is loaded:
#  0. refuses a second copy of the module in a session that already holds one (see below);
#  1. registers the dependency resolver from MetricaChats.Loader.dll (no dependencies itself):
#     PowerShell 7  -> a private AssemblyLoadContext for MetricaChats.Core and its third-party
#                      libraries (System.Text.Json, Polly, ...) from .\dependencies, so the
#                      module loads beside Az or Microsoft.Graph holding other versions;
#     Windows PowerShell 5.1 -> an AppDomain.AssemblyResolve handler that answers only requests
#                      from the module's own assemblies, only from .\dependencies;
#  2. imports the cmdlet assembly MetricaChats.dll and exports its cmdlets;
#  3. loads the type data (binding aliases) and the views.
Set-StrictMode -Version 3.0

# The manifest can only say 'PowerShell 5.1 or later', which admits PowerShell 7.0-7.3 (.NET
# Core 3.1 to 7): the net8.0 loader cannot load there and Add-Type would fail with a bare
# BadImageFormat/FileLoad error. Say what is needed instead.
$psVersion = $PSVersionTable.PSVersion
if ($PSEdition -eq 'Core' -and ($psVersion.Major -lt 7 -or ($psVersion.Major -eq 7 -and $psVersion.Minor -lt 4))) {
    throw "MetricaChats needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is PowerShell $psVersion. Install the current PowerShell from https://aka.ms/powershell."
}

$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$loaderPath = [System.IO.Path]::Combine($PSScriptRoot, 'loader', $framework, 'MetricaChats.Loader.dll')
# One copy of the module's engine per session. .NET cannot unload an assembly (Remove-Module
# does not), so a second copy imported from another folder, or an upgrade imported into a session
# that holds the old version, would run its cmdlets on the first copy's engine. The loader
# assembly belongs to the first copy imported; any other copy is refused with what to do.
$loaderType = 'MetricaChats.Loader.ModuleDependencyResolver' -as [type]
if ($loaderType) {
    # <module>/loader/<framework>/MetricaChats.Loader.dll
    $loadedRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($loaderType.Assembly.Location), '..', '..')).TrimEnd('\', '/')
    $thisRoot = [System.IO.Path]::GetFullPath($PSScriptRoot).TrimEnd('\', '/')
    if (-not [string]::Equals($loadedRoot, $thisRoot, [System.StringComparison]::OrdinalIgnoreCase)) {
        $loadedVersion = 'a version'
        try { $loadedVersion = 'version ' + (Import-PowerShellDataFile ([System.IO.Path]::Combine($loadedRoot, 'MetricaChats.psd1'))).ModuleVersion } catch { }
        $message = "MetricaChats cannot be imported from '$thisRoot': this PowerShell session already runs MetricaChats $loadedVersion from '$loadedRoot', and one session can hold only one copy of the module's engine (.NET cannot unload it; Remove-Module does not). Start a new PowerShell session to use the copy in '$thisRoot'."
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new($message),
            'MetricaChatsAlreadyLoaded',
            [System.Management.Automation.ErrorCategory]::ResourceExists,
            $thisRoot)
    }
}
else {
    Add-Type -Path $loaderPath
}
[MetricaChats.Loader.ModuleDependencyResolver]::Register($PSScriptRoot)

$cmdlets = Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.dll')) -PassThru -ErrorAction Stop

# The binding aliases and the views, once the copy is known to be the session's only one (the
# manifest does not list them; see MetricaChats.psd1). Loading the same files again, as a second
# import of this folder does, changes nothing.
Update-TypeData -AppendPath ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.Types.ps1xml'))
Update-FormatData -AppendPath ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.Format.ps1xml'))
Export-ModuleMember -Cmdlet @($cmdlets.ExportedCmdlets.Keys)
