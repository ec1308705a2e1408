# Builds the module's help from the platyPS markdown in docs/en-US without platyPS: one MAML
# file for the cmdlets (<external help file> named in each page's front matter, normally
# MetricaChats.dll-Help.xml) and one about_<Topic>.help.txt per about_*.md. Dot-sourced by
# build.ps1 (Assemble) when platyPS is not installed; works in Windows PowerShell 5.1 and
# PowerShell 7. The markdown layout it reads is platyPS's schema 2.0.0, which the help/code
# drift tests (tests/MetricaChats.Tests/Module/HelpDriftTests.cs) hold every page to.

Set-StrictMode -Version 3.0

$script:MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:AboutWidth = 80

function Split-MarkdownSection {
    # Splits lines into sections at headings of exactly $Level '#' (outside code fences).
    # Returns objects with Title ('' for the text before the first heading) and Lines.
    param([string[]] $Lines, [int] $Level)

    $prefix = ('#' * $Level) + ' '
    $sections = New-Object System.Collections.Generic.List[object]
    $current = [pscustomobject]@{ Title = ''; Lines = (New-Object System.Collections.Generic.List[string]) }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix) -and -not $line.StartsWith($prefix.TrimEnd() + '#')) {
            $sections.Add($current)
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Lines = (New-Object System.Collections.Generic.List[string]) }
            continue
        }
        $current.Lines.Add($line)
    }
    $sections.Add($current)
    $sections.ToArray()
}

function Get-MarkdownSectionLines {
    param($Sections, [string] $Title)
    foreach ($section in $Sections) {
        if ($section.Title -eq $Title) { return [string[]]$section.Lines.ToArray() }
    }
}

function Get-FencedBlock {
    # The contents of every ``` fenced block in $Lines, in order: objects with Language and Lines.
    param([string[]] $Lines)
    $blocks = New-Object System.Collections.Generic.List[object]
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match '^\s*```(?<language>\S*)\s*$') {
            if ($null -eq $current) {
                $current = [pscustomobject]@{ Language = $Matches['language']; Lines = (New-Object System.Collections.Generic.List[string]) }
            }
            else {
                $blocks.Add($current)
                $current = $null
            }
            continue
        }
        if ($null -ne $current) { $current.Lines.Add($line) }
    }
    $blocks.ToArray()
}

function ConvertFrom-InlineMarkdown {
    # Plain text from one line of markdown: links keep their text, code and emphasis marks go.
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[(?<text>[^\]]+)\]\((?<target>[^)]+)\)', {
            param($m)
            $target = $m.Groups['target'].Value
            if ($target -match '^https?://') { $m.Groups['text'].Value + ' (' + $target + ')' } else { $m.Groups['text'].Value }
        })
    $Text = $Text.Replace('**', '').Replace('`', '')
    $Text = [regex]::Replace($Text, '(?<![\w*])\*(?<text>[^*\s][^*]*?)\*(?![\w*])', '${text}')
    return $Text
}

function ConvertTo-TextBlock {
    # Markdown lines (outside any heading) to blocks a renderer lays out: Paragraph (text),
    # ListItem (marker + text), Code (lines kept as written) and Table (rows of cells).
    param([string[]] $Lines)

    $blocks = New-Object System.Collections.Generic.List[object]
    $open = $null      # the paragraph, list item, indented code or table being read
    $fence = $null     # the fenced code block being read
    foreach ($raw in $Lines) {
        $line = $raw.TrimEnd()
        if ($null -ne $fence) {
            if ($line -match '^\s*```') { $blocks.Add($fence); $fence = $null } else { $fence.Lines.Add($line) }
            continue
        }
        if ($line -match '^\s*```') {
            if ($null -ne $open) { $blocks.Add($open); $open = $null }
            $fence = [pscustomobject]@{ Kind = 'Code'; Lines = (New-Object System.Collections.Generic.List[string]) }
            continue
        }
        if ($line.Trim().Length -eq 0) {
            if ($null -ne $open) { $blocks.Add($open); $open = $null }
            continue
        }
        if ($line -match '^\s*\|.*\|\s*$') {
            $cells = @($line.Trim().Trim('|').Split('|') | ForEach-Object { ConvertFrom-InlineMarkdown $_.Trim() })
            if (($cells -join '') -match '^[-: ]*$') { continue }   # the separator row under the header
            if ($null -ne $open -and $open.Kind -ne 'Table') { $blocks.Add($open); $open = $null }
            if ($null -eq $open) { $open = [pscustomobject]@{ Kind = 'Table'; Rows = (New-Object System.Collections.Generic.List[object]) } }
            $open.Rows.Add($cells)
            continue
        }
        if ($line -match '^\s*(?<marker>[-*]|\d+\.)\s+(?<text>.*)$') {
            if ($null -ne $open) { $blocks.Add($open) }
            $open = [pscustomobject]@{ Kind = 'ListItem'; Marker = $Matches['marker'].Replace('*', '-'); Text = (ConvertFrom-InlineMarkdown $Matches['text'].Trim()) }
            continue
        }
        if ($line -match '^ {4,}\S' -and ($null -eq $open -or $open.Kind -eq 'Code')) {
            # An indented code block: four spaces, not continuing a paragraph or list item.
            if ($null -eq $open) { $open = [pscustomobject]@{ Kind = 'Code'; Lines = (New-Object System.Collections.Generic.List[string]) } }
            $open.Lines.Add($line.Substring(4))
            continue
        }
        if ($null -ne $open -and ($open.Kind -eq 'Paragraph' -or $open.Kind -eq 'ListItem')) {
            $open.Text = $open.Text + ' ' + (ConvertFrom-InlineMarkdown $line.Trim())
            continue
        }
        if ($null -ne $open) { $blocks.Add($open) }
        $open = [pscustomobject]@{ Kind = 'Paragraph'; Text = (ConvertFrom-InlineMarkdown $line.Trim()) }
    }
    if ($null -ne $fence) { $blocks.Add($fence) }
    if ($null -ne $open) { $blocks.Add($open) }
    $blocks.ToArray()
}

function Format-WrappedText {
    # Word-wraps $Text to $Width columns: the first line after $FirstIndent, the rest after
    # $Indent. A word longer than the line stays whole on its own line.
    param([string] $Text, [int] $Width, [string] $FirstIndent, [string] $Indent)
    $lines = New-Object System.Collections.Generic.List[string]
    $line = $FirstIndent
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_.Length -gt 0 })) {
        if (-not $empty -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line)
            $line = $Indent + $word
        }
        elseif ($empty) { $line = $line + $word }
        else { $line = $line + ' ' + $word }
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    $lines.ToArray()
}

function Format-TableText {
    # A markdown table as text: aligned columns when they fit, else one block per row with the
    # first cell as its heading and "Header: value" lines under it.
    param($Table, [string] $Indent, [int] $Width)
    $rows = $Table.Rows.ToArray()
    $columns = ($rows | ForEach-Object { @($_).Count } | Measure-Object -Maximum).Maximum
    $widths = @(for ($c = 0; $c -lt $columns; $c++) { ($rows | ForEach-Object { if ($c -lt @($_).Count) { @($_)[$c].Length } else { 0 } } | Measure-Object -Maximum).Maximum })
    $total = $Indent.Length + ($widths | Measure-Object -Sum).Sum + 2 * ($columns - 1)
    $lines = New-Object System.Collections.Generic.List[string]
    if ($total -le $Width) {
        for ($r = 0; $r -lt $rows.Count; $r++) {
            $cells = @($rows[$r])
            $text = $Indent + ((0..($columns - 1) | ForEach-Object { $value = if ($_ -lt $cells.Count) { $cells[$_] } else { '' }; $value.PadRight($widths[$_]) }) -join '  ')
            $lines.Add($text.TrimEnd())
            if ($r -eq 0) { $lines.Add($Indent + (($widths | ForEach-Object { '-' * $_ }) -join '  ')) }
        }
        return $lines.ToArray()
    }
    $header = @($rows[0])
    for ($r = 1; $r -lt $rows.Count; $r++) {
        $cells = @($rows[$r])
        foreach ($l in (Format-WrappedText -Text $cells[0] -Width $Width -FirstIndent $Indent -Indent $Indent)) { $lines.Add($l) }
        for ($c = 1; $c -lt $cells.Count; $c++) {
            $label = if ($c -lt $header.Count) { $header[$c] + ': ' } else { '' }
            foreach ($l in (Format-WrappedText -Text ($label + $cells[$c]) -Width $Width -FirstIndent ($Indent + '    ') -Indent ($Indent + '      '))) { $lines.Add($l) }
        }
    }
    $lines.ToArray()
}

function Format-BlockText {
    # Lays out blocks from ConvertTo-TextBlock as plain text under $Indent, $Width columns wide.
    param($Blocks, [string] $Indent, [int] $Width)
    $lines = New-Object System.Collections.Generic.List[string]
    $first = $true
    foreach ($block in $Blocks) {
        if (-not $first -and $block.Kind -ne 'ListItem') { $lines.Add('') }
        $first = $false
        switch ($block.Kind) {
            'Paragraph' { foreach ($l in (Format-WrappedText -Text $block.Text -Width $Width -FirstIndent $Indent -Indent $Indent)) { $lines.Add($l) } }
            'ListItem' {
                $lead = $Indent + $block.Marker + ' '
                foreach ($l in (Format-WrappedText -Text $block.Text -Width $Width -FirstIndent $lead -Indent (' ' * $lead.Length))) { $lines.Add($l) }
            }
            'Code' { foreach ($l in $block.Lines) { $lines.Add(($Indent + '    ' + $l).TrimEnd()) } }
            'Table' { foreach ($l in (Format-TableText -Table $block -Indent $Indent -Width $Width)) { $lines.Add($l) } }
        }
    }
    $lines.ToArray()
}

function ConvertTo-AboutHelpText {
    # The text of about_<Topic>.help.txt from a platyPS about page ("# Topic", "## about_Topic",
    # then "# SHORT DESCRIPTION", "# LONG DESCRIPTION", ... with "## " subsections): headings in
    # capitals at the margin, prose wrapped to 80 columns and indented, code kept as written.
    param([Parameter(Mandatory)] [string] $Path)

    $lines = [string[]](Get-Content -LiteralPath $Path -Encoding UTF8)
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $out = New-Object System.Collections.Generic.List[string]
    $out.Add('TOPIC')
    $out.Add('    ' + $topic)
    $titled = 0
    foreach ($section in (Split-MarkdownSection -Lines $lines -Level 1)) {
        if ($section.Title -eq '') { continue }
        $titled++
        if ($titled -eq 1) { continue }   # "# Topic" and its "## about_Topic" line: the TOPIC above
        $out.Add('')
        $out.Add($section.Title.ToUpperInvariant())
        foreach ($sub in (Split-MarkdownSection -Lines ([string[]]$section.Lines) -Level 2)) {
            if ($sub.Title -ne '') {
                $out.Add('')
                foreach ($l in (Format-WrappedText -Text (ConvertFrom-InlineMarkdown $sub.Title).ToUpperInvariant() -Width $script:AboutWidth -FirstIndent '  ' -Indent '  ')) { $out.Add($l) }
            }
            $body = Format-BlockText -Blocks @(ConvertTo-TextBlock -Lines ([string[]]$sub.Lines)) -Indent '    ' -Width $script:AboutWidth
            foreach ($l in $body) { $out.Add($l) }
        }
    }
    $out.Add('')
    return ($out -join [Environment]::NewLine)
}

function Read-CmdletHelpPage {
    # Reads one platyPS cmdlet page into the parts MAML needs.
    param([Parameter(Mandatory)] [string] $Path)

    $lines = [string[]](Get-Content -LiteralPath $Path -Encoding UTF8)
    $frontMatter = @{}
    $start = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $lines.Count; $i++) {
            if ($lines[$i].Trim() -eq '---') { $start = $i + 1; break }
            if ($lines[$i] -match '^(?<key>[^:]+):\s*(?<value>.*)$') { $frontMatter[$Matches['key'].Trim()] = $Matches['value'].Trim() }
        }
    }
    $body = [string[]]$lines[$start..($lines.Count - 1)]
    $name = ($body | Where-Object { $_ -match '^# \S' } | Select-Object -First 1).Substring(2).Trim()
    $sections = @(Split-MarkdownSection -Lines $body -Level 2)

    $syntax = New-Object System.Collections.Generic.List[object]
    $syntaxSections = Split-MarkdownSection -Lines (Get-MarkdownSectionLines $sections 'SYNTAX') -Level 3
    foreach ($set in $syntaxSections) {
        $block = @(Get-FencedBlock -Lines ([string[]]$set.Lines)) | Select-Object -First 1
        if ($null -eq $block) { continue }
        $syntax.Add([pscustomobject]@{ Name = ($set.Title -replace '\s*\(Default\)\s*$', ''); Text = (($block.Lines -join ' ').Trim()) })
    }

    $examples = New-Object System.Collections.Generic.List[object]
    foreach ($example in (Split-MarkdownSection -Lines (Get-MarkdownSectionLines $sections 'EXAMPLES') -Level 3)) {
        if ($example.Title -eq '') { continue }
        $before = New-Object System.Collections.Generic.List[string]
        $after = New-Object System.Collections.Generic.List[string]
        $code = $null
        $inFence = $false
        foreach ($line in $example.Lines) {
            if ($line -match '^\s*```') {
                if (-not $inFence -and $null -eq $code) { $inFence = $true; $code = New-Object System.Collections.Generic.List[string]; continue }
                if ($inFence) { $inFence = $false; continue }
            }
            if ($inFence) { $code.Add($line) } elseif ($null -eq $code) { $before.Add($line) } else { $after.Add($line) }
        }
        $examples.Add([pscustomobject]@{
                Title        = $example.Title
                Introduction = @(ConvertTo-TextBlock -Lines ([string[]]$before))
                Code         = $(if ($null -eq $code) { '' } else { ($code -join [Environment]::NewLine).TrimEnd() })
                Remarks      = @(ConvertTo-TextBlock -Lines ([string[]]$after))
            })
    }

    $parameters = New-Object System.Collections.Generic.List[object]
    foreach ($parameter in (Split-MarkdownSection -Lines (Get-MarkdownSectionLines $sections 'PARAMETERS') -Level 3)) {
        if ($parameter.Title -notmatch '^-(?<name>\w+)$') { continue }   # CommonParameters: PowerShell adds them
        $parameterName = $Matches['name']
        $description = New-Object System.Collections.Generic.List[string]
        foreach ($line in $parameter.Lines) { if ($line -match '^\s*```') { break }; $description.Add($line) }
        $variants = New-Object System.Collections.Generic.List[object]
        foreach ($block in (Get-FencedBlock -Lines ([string[]]$parameter.Lines))) {
            if ($block.Language -ne 'yaml') { continue }
            $fields = @{}
            foreach ($line in $block.Lines) { if ($line -match '^(?<key>[A-Za-z ]+):\s*(?<value>.*)$') { $fields[$Matches['key'].Trim()] = $Matches['value'].Trim() } }
            $variants.Add($fields)
        }
        $parameters.Add([pscustomobject]@{ Name = $parameterName; Description = @(ConvertTo-TextBlock -Lines ([string[]]$description)); Variants = $variants.ToArray() })
    }

    $types = {
        param([string] $Title)
        $result = New-Object System.Collections.Generic.List[object]
        foreach ($entry in (Split-MarkdownSection -Lines (Get-MarkdownSectionLines $sections $Title) -Level 3)) {
            if ($entry.Title -eq '') { continue }
            $result.Add([pscustomobject]@{ Name = $entry.Title; Description = @(ConvertTo-TextBlock -Lines ([string[]]$entry.Lines)) })
        }
        $result.ToArray()
    }

    $links = New-Object System.Collections.Generic.List[object]
    foreach ($line in (Get-MarkdownSectionLines $sections 'RELATED LINKS')) {
        if ($line -match '^\s*\[(?<text>[^\]]+)\]\((?<target>[^)]*)\)') {
            $uri = if ($Matches['target'] -match '^https?://') { $Matches['target'] } else { '' }
            $links.Add([pscustomobject]@{ Text = $Matches['text']; Uri = $uri })
        }
    }

    [pscustomobject]@{
        Name         = $name
        HelpFile     = $frontMatter['external help file']
        Synopsis     = @(ConvertTo-TextBlock -Lines (Get-MarkdownSectionLines $sections 'SYNOPSIS'))
        Description  = @(ConvertTo-TextBlock -Lines (Get-MarkdownSectionLines $sections 'DESCRIPTION'))
        Syntax       = $syntax.ToArray()
        Examples     = $examples.ToArray()
        Parameters   = $parameters.ToArray()
        Inputs       = @(& $types 'INPUTS')
        Outputs      = @(& $types 'OUTPUTS')
        Notes        = @(ConvertTo-TextBlock -Lines (Get-MarkdownSectionLines $sections 'NOTES'))
        RelatedLinks = $links.ToArray()
    }
}

function Write-MamlPara {
    # <maml:para> elements for text blocks: a paragraph or list item per para, a code block or
    # table one para per line (Get-Help keeps each para on its own lines).
    param([System.Xml.XmlWriter] $Writer, $Blocks)
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Paragraph' { $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $block.Text) }
            'ListItem' { $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $block.Marker + ' ' + $block.Text) }
            'Code' { foreach ($l in $block.Lines) { $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, '    ' + $l) } }
            'Table' { foreach ($l in (Format-TableText -Table $block -Indent '' -Width 76)) { $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $l) } }
        }
    }
}

function Write-MamlDescription {
    param([System.Xml.XmlWriter] $Writer, $Blocks, [string] $Prefix = 'maml', [string] $Element = 'description')
    $namespace = if ($Prefix -eq 'dev') { $script:DevNamespace } else { $script:MamlNamespace }
    $Writer.WriteStartElement($Prefix, $Element, $namespace)
    Write-MamlPara -Writer $Writer -Blocks $Blocks
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    # One <command:parameter> as platyPS writes it; $Fields is the yaml block that applies.
    param([System.Xml.XmlWriter] $Writer, $Parameter, [hashtable] $Fields)
    $type = [string]$Fields['Type']
    $position = [string]$Fields['Position']
    if ($position -eq '' -or $position -eq 'Named') { $position = 'named' }
    $aliases = [string]$Fields['Aliases']
    if ($aliases -eq '') { $aliases = 'none' }
    $Writer.WriteStartElement('command', 'parameter', $script:CommandNamespace)
    $Writer.WriteAttributeString('required', ([string]$Fields['Required']).ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', ([string]$Fields['Accept wildcard characters']).ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', [string]$Fields['Accept pipeline input'])
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Parameter.Name)
    Write-MamlDescription -Writer $Writer -Blocks $Parameter.Description
    if ($Fields.ContainsKey('Accepted values') -and $Fields['Accepted values']) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:CommandNamespace)
        foreach ($value in ($Fields['Accepted values'] -split ',')) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNamespace)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $script:CommandNamespace, 'false')
            $Writer.WriteString($value.Trim())
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if ($type -ne 'SwitchParameter') {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNamespace)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $type)
    $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, '')
    $Writer.WriteEndElement()
    $default = [string]$Fields['Default value']
    if ($default -eq '') { $default = 'None' }
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNamespace, $default)
    $Writer.WriteEndElement()
}

function Get-ParameterVariant {
    # The yaml block of $Parameter that applies to parameter set $SetName (or to all sets).
    param($Parameter, [string] $SetName)
    foreach ($fields in $Parameter.Variants) {
        $sets = @(([string]$fields['Parameter Sets']) -split ',' | ForEach-Object { $_.Trim() })
        if ($sets -contains '(All)' -or $SetName -eq '' -or $sets -contains $SetName) { return $fields }
    }
    return $null
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, $Page)
    $verb, $noun = $Page.Name -split '-', 2
    $Writer.WriteStartElement('command', 'command', $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNamespace)

    $Writer.WriteStartElement('command', 'details', $script:CommandNamespace)
    $Writer.WriteElementString('command', 'name', $script:CommandNamespace, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNamespace, $verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNamespace, $noun)
    Write-MamlDescription -Writer $Writer -Blocks $Page.Synopsis
    $Writer.WriteEndElement()

    Write-MamlDescription -Writer $Writer -Blocks $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNamespace)
    $sets = @($Page.Syntax)
    if ($sets.Count -eq 0) { $sets = @([pscustomobject]@{ Name = ''; Text = '' }) }
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Page.Name)
        # In the order the syntax line gives them; parameters of the set it does not name last.
        $inSet = @($Page.Parameters | Where-Object { $null -ne (Get-ParameterVariant -Parameter $_ -SetName $set.Name) })
        $ordered = @($inSet | Sort-Object { $at = $set.Text.IndexOf('-' + $_.Name + ' '); if ($at -lt 0) { $at = $set.Text.IndexOf('-' + $_.Name + ']') }; if ($at -lt 0) { [int]::MaxValue } else { $at } })
        foreach ($parameter in $ordered) {
            Write-MamlParameter -Writer $Writer -Parameter $parameter -Fields (Get-ParameterVariant -Parameter $parameter -SetName $set.Name)
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNamespace)
    foreach ($parameter in $Page.Parameters) {
        Write-MamlParameter -Writer $Writer -Parameter $parameter -Fields $parameter.Variants[0]
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Page.Inputs), @('returnValues', 'returnValue', $Page.Outputs))) {
        $Writer.WriteStartElement('command', $kind[0], $script:CommandNamespace)
        foreach ($entry in $kind[2]) {
            $Writer.WriteStartElement('command', $kind[1], $script:CommandNamespace)
            $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
            $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $entry.Name)
            $Writer.WriteEndElement()
            Write-MamlDescription -Writer $Writer -Blocks $entry.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNamespace)
    $Writer.WriteStartElement('maml', 'alert', $script:MamlNamespace)
    Write-MamlPara -Writer $Writer -Blocks $Page.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:CommandNamespace)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $script:MamlNamespace, '-------------------------- ' + $example.Title + ' --------------------------')
        Write-MamlDescription -Writer $Writer -Blocks $example.Introduction -Element 'introduction'
        $Writer.WriteElementString('dev', 'code', $script:DevNamespace, $example.Code)
        Write-MamlDescription -Writer $Writer -Blocks $example.Remarks -Prefix 'dev' -Element 'remarks'
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNamespace)
    foreach ($link in $Page.RelatedLinks) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNamespace, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function New-ModuleHelp {
    <#
    .SYNOPSIS
        Writes MAML (one file per "external help file" of the pages) and about_*.help.txt files
        from the platyPS markdown in -SourcePath into -OutputPath. Returns the files written.
    #>
    param(
        [Parameter(Mandatory)] [string] $SourcePath,
        [Parameter(Mandatory)] [string] $OutputPath
    )

    New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
    $written = New-Object System.Collections.Generic.List[string]
    $utf8 = New-Object System.Text.UTF8Encoding($true)

    $pages = @(Get-ChildItem -LiteralPath $SourcePath -Filter '*.md' | Where-Object { $_.Name -notlike 'about_*' } | Sort-Object Name | ForEach-Object { Read-CmdletHelpPage -Path $_.FullName })
    foreach ($group in ($pages | Group-Object HelpFile)) {
        if (-not $group.Name) { throw "The help pages $(@($group.Group.Name) -join ', ') name no 'external help file' in their front matter." }
        $file = Join-Path $OutputPath $group.Name
        $settings = New-Object System.Xml.XmlWriterSettings
        $settings.Indent = $true
        $settings.Encoding = $utf8
        $writer = [System.Xml.XmlWriter]::Create($file, $settings)
        try {
            $writer.WriteStartDocument()
            $writer.WriteStartElement('helpItems', 'http://msh')
            $writer.WriteAttributeString('schema', 'maml')
            foreach ($page in $group.Group) { Write-MamlCommand -Writer $writer -Page $page }
            $writer.WriteEndElement()
            $writer.WriteEndDocument()
        }
        finally { $writer.Close() }
        $written.Add($file)
    }

    foreach ($about in (Get-ChildItem -LiteralPath $SourcePath -Filter 'about_*.md' | Sort-Object Name)) {
        $file = Join-Path $OutputPath ($about.BaseName + '.help.txt')
        [System.IO.File]::WriteAllText($file, (ConvertTo-AboutHelpText -Path $about.FullName), $utf8)
        $written.Add($file)
    }
    $written.ToArray()
}
