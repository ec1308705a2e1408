@{
    # The loader script: registers the module's dependency resolver (a private
    # AssemblyLoadContext on PowerShell 7, a folder-limited AssemblyResolve handler on Windows
    # PowerShell 5.1), then imports the cmdlet assembly MetricaChats.dll.
    RootModule             = 'MetricaChats.psm1'
    ModuleVersion          = '0.1.0'
    GUID                   = 'ffafae7e-570e-493f-b8f2-6dd25585acd6'
    Author                 = 'MetricaChats contributors'
    CompanyName            = 'MetricaChats'
    Copyright              = '(c) 2026 MetricaChats contributors. MIT License.'
    Description            = 'Imports WhatsApp, Telegram and Viber conversations into Yandex Metrica as chat conversions, linked to the site sessions and ad clicks that led to them, and manages the counter''s extended call-tracking window.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'

    # Third-party assemblies are never listed here: the loader resolves them from the
    # module's own 'dependencies' folder, for the module's own assemblies only.
    RequiredAssemblies     = @()
    # MetricaChats.Format.ps1xml and MetricaChats.Types.ps1xml are loaded by the root module,
    # after it has made sure this is the session's only copy of the module: PowerShell loads a
    # manifest's own type and format files before the root module runs, and a second copy's
    # files would clash with the first copy's before it could be refused.
    FormatsToProcess       = @()
    TypesToProcess         = @()

    CmdletsToExport        = @(
        'Connect-MetricaAccount'
        'Disconnect-MetricaAccount'
        'Get-MetricaAccount'
        'New-MetricaChatEvent'
        'Send-MetricaChatImport'
        'Get-MetricaChatImport'
        'Get-MetricaChatImportHistory'
        'Get-MetricaCounter'
        'Get-MetricaGoal'
        'Enable-MetricaCallsExtendedWindow'
        'Disable-MetricaCallsExtendedWindow'
        'Get-MetricaCallsExtendedWindow'
        'New-MetricaChatTrackingId'
        'New-MetricaChatLink'
        'Find-MetricaChatTrackingId'
        'Join-MetricaChatVisit'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()

    PrivateData            = @{
        PSData = @{
            Tags         = @('Yandex', 'Metrica', 'Metrika', 'Analytics', 'OfflineConversions', 'Chats', 'WhatsApp', 'Telegram', 'Viber', 'CallTracking', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/metricachats/MetricaChats'
            LicenseUri   = 'https://github.com/metricachats/MetricaChats/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0
- Connect-, Disconnect-, Get-MetricaAccount: session token from -Token, -Credential, a SecretManagement secret or METRICA_TOKEN; saved profiles protected by DPAPI, the Keychain or libsecret.
- New-MetricaChatEvent: binds chat exports by property name (with the names real exports use), one clear error per bad row.
- Send-MetricaChatImport: batched, reconciled uploads (nothing sent twice by retries), dry run with -OutFile, resume with -StateFile, summary on the information stream.
- Get-MetricaChatImport -Wait (with how many chats Metrica linked to visits), Get-MetricaCounter, Get-MetricaGoal (the automatic Chat goal), Get-/Enable-/Disable-MetricaCallsExtendedWindow.
- New-MetricaChatTrackingId, New-MetricaChatLink, Find-MetricaChatTrackingId, Join-MetricaChatVisit: tracking ids in messenger links, found again in the first message, joined to site visits.
'@
        }
    }
}
