<#
.SYNOPSIS
  Windows build of 决算公开工作台: the PyInstaller one-folder app, its self-test, then the NSIS installer.
.DESCRIPTION
  dist\jsgk-workbench\            jsgk-workbench.exe (windowed), jsgk.exe (console), _internal\
  dist\jsgk-workbench-X.Y.Z-installer.exe
  Stops with an error if the build, either program's --self-test or makensis fails.
  Needs Python 3.11+ with requirements.txt installed, and NSIS 3 (choco install nsis) for the installer.
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\build.ps1
.EXAMPLE
  packaging\build.ps1 -Python C:\Python311\python.exe -NoInstaller
#>
param(
    [string]$Python = ".venv\Scripts\python.exe",
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8   # the programs print UTF-8 (spec: X utf8)
$root = Split-Path -Parent $PSScriptRoot                   # every path below is absolute: any cwd works
# -Python: relative to where the script was started, else to the checkout (the default .venv)
if (Test-Path $Python) { $Python = (Resolve-Path $Python).Path } elseif (Test-Path (Join-Path $root $Python)) { $Python = Join-Path $root $Python }

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What 失败（退出码 $LASTEXITCODE）" }
}

$pyproject = Join-Path $root "pyproject.toml"
$version = & $Python -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['project']['version'])" $pyproject
if ($LASTEXITCODE -ne 0 -or -not $version) { throw "读不到 pyproject.toml 中的版本号" }
$version = "$version".Trim()

$watch = [Diagnostics.Stopwatch]::StartNew()
Invoke-Checked "PyInstaller 构建" {
    & $Python -m PyInstaller --noconfirm --clean --log-level WARN --distpath (Join-Path $root "dist") `
        --workpath (Join-Path $root "build") (Join-Path $root "pyinstaller.spec")
}
$app = Join-Path $root "dist\jsgk-workbench"
$size = (Get-ChildItem $app -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
Write-Host ("构建用时 {0:N0} 秒：{1}（{2:N0} MB）" -f $watch.Elapsed.TotalSeconds, $app, $size)

# installer.nsi installs, and its uninstaller removes, exactly these; anything new would be left behind
$top = @(Get-ChildItem $app | ForEach-Object { $_.Name })
$expected = @("_internal", "jsgk-workbench.exe", "jsgk.exe")
if (Compare-Object $top $expected) {
    throw "dist\jsgk-workbench 的顶层内容（$($top -join '、')）与 installer.nsi 安装的文件不符"
}

# the self-test of both programs, from outside the checkout: the console one prints its report, the
# windowed one (no console) writes it to a file
Push-Location $env:TEMP
try {
    $watch.Restart()
    Invoke-Checked "自检（jsgk.exe --self-test）" { & (Join-Path $app "jsgk.exe") --self-test }
    Write-Host ("自检通过，从启动到完成用时 {0:N2} 秒" -f $watch.Elapsed.TotalSeconds)
    $report = Join-Path $env:TEMP "jsgk-selftest-windowed.txt"
    Remove-Item $report -ErrorAction SilentlyContinue
    $p = Start-Process -FilePath (Join-Path $app "jsgk-workbench.exe") -ArgumentList @("--self-test", "`"$report`"") `
        -Wait -PassThru
    if (Test-Path $report) { Get-Content $report -Encoding UTF8 | Write-Host }
    if ($p.ExitCode -ne 0) { throw "自检未通过（jsgk-workbench.exe --self-test，退出码 $($p.ExitCode)）" }
} finally {
    Pop-Location
}

if ($NoInstaller) { return }
$makensis = Get-Command makensis -ErrorAction SilentlyContinue
$makensis = if ($makensis) { $makensis.Source } else { Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
if (-not (Test-Path $makensis)) { throw "找不到 makensis：请安装 NSIS 3（例如 choco install nsis）" }
$installer = Join-Path $root "dist\jsgk-workbench-$version-installer.exe"
Invoke-Checked "makensis" {
    & $makensis -INPUTCHARSET UTF8 -WX -V3 "-DVERSION=$version" "-DSRCDIR=$app" "-DOUTFILE=$installer" `
        (Join-Path $PSScriptRoot "installer.nsi")
}
Write-Host ("安装程序：{0}（{1:N0} MB）" -f $installer, ((Get-Item $installer).Length / 1MB))
