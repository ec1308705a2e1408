# Send-MetricaChatImport -OutFile outputs the files it wrote as the file system provider's items,
# the objects Get-Item outputs: PSPath and PSProvider set, and the same view (Mode, LastWriteTime,
# Length, Name under the folder's header) instead of a bare FileInfo with blank columns.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
}

Describe 'Send-MetricaChatImport -OutFile output' {
    It 'outputs each written file as Get-Item does' {
        $file = Join-Path $TestDrive 'dry-run.csv'
        $written = @(New-TestRow -Count 3 | Send-MetricaChatImport -OutFile $file -BatchSize 2)
        $written.Count | Should -Be 2
        foreach ($item in $written) {
            $item | Should -BeOfType System.IO.FileInfo
            $item.PSProvider.Name | Should -Be 'FileSystem'
            $item.PSPath | Should -Be (Get-Item -LiteralPath $item.FullName).PSPath
            ($item | Out-String) | Should -Be (Get-Item -LiteralPath $item.FullName | Out-String)
        }
    }
}
