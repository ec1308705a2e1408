# MetricaChats loader. Runs before anything of the module is loaded:
#  1. registers the dependency resolver from MetricaChats.Loader.dll (no dependencies itself):
#     PowerShell 7  -> a private AssemblyLoadContext for MetricaChats.Core and its third-party
#                      libraries (System.Text.Json, Polly, ...) from .\dependencies, so the
#                      module loads beside Az or Microsoft.Graph holding other versions;
#     Windows PowerShell 5.1 -> an AppDomain.AssemblyResolve handler that answers only requests
#                      from the module's own assemblies, only from .\dependencies;
#  2. imports the cmdlet assembly MetricaChats.dll and exports its cmdlets.
Set-StrictMode -Version 3.0

$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$loaderPath = [System.IO.Path]::Combine($PSScriptRoot, 'loader', $framework, 'MetricaChats.Loader.dll')
if (-not ('MetricaChats.Loader.ModuleDependencyResolver' -as [type])) {
    Add-Type -Path $loaderPath
}
[MetricaChats.Loader.ModuleDependencyResolver]::Register($PSScriptRoot)

$cmdlets = Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'MetricaChats.dll')) -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($cmdlets.ExportedCmdlets.Keys)
