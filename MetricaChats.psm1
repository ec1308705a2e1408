# MetricaChats loader. Runs before anything of the module is loaded:
#  1. registers the dependency resolver from MetricaChats.Loader.dll (no dependencies itself):
#     PowerShell 7  -> a private AssemblyLoadContext for MetricaChats.Core and its third-party
#                      libraries (System.Text.Json, Polly, ...) from .\dependencies, so the
#                      module loads beside Az or Microsoft.Graph holding other versions;
#     Windows PowerShell 5.1 -> an AppDomain.AssemblyResolve handler that answers only requests
#                      from the module's own assemblies, only from .\dependencies;
#  2. imports the cmdlet assembly MetricaChats.dll and exports its cmdlets.
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
if (-not ('MetricaChats.Loader.ModuleDependencyResolver' -as [type])) {
    Add-Type -Path $loaderPath
}
[MetricaChats.Loader.ModuleDependencyResolver]::Register($PSScriptRoot)

$cmdlets = Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.dll')) -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($cmdlets.ExportedCmdlets.Keys)
