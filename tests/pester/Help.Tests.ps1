# The help a user gets from Get-Help in the assembled module: every cmdlet has its synopsis,
# description, at least two examples, every parameter described, inputs and outputs, and every
# parameter set in its syntax; every about topic in docs/en-US is found by Get-Help about_<Topic>.
# It comes from docs/en-US, through platyPS where installed and the build's own generator
# otherwise (build.ps1 -Task Assemble), so these tests hold for either.

BeforeDiscovery {
    $script:cmdletNames = @((Import-PowerShellDataFile $env:METRICA_TEST_MODULE).CmdletsToExport)
    $script:aboutTopics = @(Get-ChildItem (Join-Path $PSScriptRoot '../../docs/en-US') -Filter 'about_*.md' | ForEach-Object { $_.BaseName })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:docs = Join-Path $PSScriptRoot '../../docs/en-US'
    $script:common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name +
        [System.Management.Automation.Internal.ShouldProcessParameters].GetProperties().Name

    # The first paragraph under '## SYNOPSIS' of the cmdlet's markdown page.
    function Get-DocSynopsis([string] $Name) {
        $lines = Get-Content (Join-Path $script:docs "$Name.md") -Encoding UTF8
        $at = [array]::IndexOf($lines, '## SYNOPSIS')
        ($lines[($at + 1)..($lines.Count - 1)] | Where-Object { $_.Trim() } | Select-Object -First 1).Trim()
    }
}

Describe 'Get-Help <_>' -ForEach $cmdletNames {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $command = Get-Command $name
    }

    It 'has the synopsis of its help page, not the syntax PowerShell falls back to' {
        $help.Synopsis | Should -Be (Get-DocSynopsis $name)
    }

    It 'has a description' {
        ($help.description | Out-String).Trim().Length | Should -BeGreaterThan 40
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Match ([regex]::Escape($name))
            ($example.remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        # A parameter kept only to refuse it (DontShow, as -StateFile) has no help: Get-Help hides it too.
        $parameters = @($command.Parameters.Keys | Where-Object {
                $script:common -notcontains $_ -and -not ($command.Parameters[$_].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
            })
        $parameters.Count | Should -BeGreaterThan 0
        foreach ($parameter in $parameters) {
            $text = (Get-Help $name -Parameter $parameter).description | Out-String
            if ($text.Trim().Length -lt 10) { throw "$name -$parameter has no description in Get-Help." }
        }
    }

    It 'shows every parameter set in its syntax' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'names the inputs and outputs of its help page' {
        $page = Get-Content (Join-Path $script:docs "$name.md") -Encoding UTF8
        $section = ''
        $documented = @{ INPUTS = @(); OUTPUTS = @() }
        foreach ($line in $page) {
            if ($line -match '^## (\w+)') { $section = $Matches[1] }
            elseif ($line -match '^### (\S+)' -and $documented.ContainsKey($section)) { $documented[$section] += $Matches[1] }
        }
        $documented.INPUTS.Count | Should -BeGreaterThan 0
        $documented.OUTPUTS.Count | Should -BeGreaterThan 0
        @($help.inputTypes.inputType.type.name | ForEach-Object { $_.Trim() }) | Should -Be $documented.INPUTS
        @($help.returnValues.returnValue.type.name | ForEach-Object { $_.Trim() }) | Should -Be $documented.OUTPUTS
    }
}

Describe 'Get-Help <_>' -ForEach $aboutTopics {
    It 'finds the about topic with its short and long description' {
        $text = Get-Help $_ | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'LONG DESCRIPTION'
        $text | Should -Match 'MetricaChats|Metrica'
    }

    It 'wraps its prose to 80 columns' {
        $path = Join-Path (Split-Path $env:METRICA_TEST_MODULE) "en-US/$_.help.txt"
        # Code and table rows keep their lines as the page has them; every other line fits 80 columns.
        $kept = @()
        $inFence = $false
        foreach ($line in Get-Content (Join-Path $script:docs "$_.md") -Encoding UTF8) {
            if ($line -match '^\s*```') { $inFence = -not $inFence; continue }
            if ($inFence -or $line -match '^ {4}' -or $line -match '^\s*\|') { $kept += $line.Trim() }
        }
        $long = @(Get-Content $path -Encoding UTF8 | Where-Object { $_.Length -gt 80 -and $kept -notcontains $_.Trim() })
        $long | Should -BeNullOrEmpty
    }
}

Describe 'Help in another UI culture' {
    It 'falls back to the English help in ru-RU' {
        $saved = [System.Threading.Thread]::CurrentThread.CurrentUICulture
        try {
            [System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('ru-RU')
            (Get-Help Send-MetricaChatImport).Synopsis | Should -Be (Get-DocSynopsis 'Send-MetricaChatImport')
            Get-Help about_MetricaChats | Out-String | Should -Match 'SHORT DESCRIPTION'
        }
        finally { [System.Threading.Thread]::CurrentThread.CurrentUICulture = $saved }
    }
}
