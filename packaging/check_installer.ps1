<#
.SYNOPSIS
  Round trip of the Windows installer on a throw-away machine (the CI runner): silent install, the
  installed app's self-test, a unit file opened through its association, silent uninstall that keeps
  the user's unit files. Run as the runner's user; it installs per machine when that user is elevated.
.EXAMPLE
  packaging\check_installer.ps1 -Installer dist\jsgk-workbench-0.1.0-installer.exe
#>
param([Parameter(Mandatory = $true)][string]$Installer)
$ErrorActionPreference = "Stop"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$name = "决算公开工作台"
$keyPath = "Software\Microsoft\Windows\CurrentVersion\Uninstall\jsgk-workbench"

function Assert([bool]$Condition, [string]$Message) {
    if (-not $Condition) { throw "安装检查失败：$Message" }
    Write-Host "通过  $Message"
}

$p = Start-Process -FilePath (Resolve-Path $Installer).Path -ArgumentList "/S" -Wait -PassThru
Assert ($p.ExitCode -eq 0) "静默安装（退出码 $($p.ExitCode)）"

# per user (HKCU) or per machine (HKLM): whichever the installer chose
$hive = @("HKCU", "HKLM") | Where-Object { Test-Path "${_}:\$keyPath" } | Select-Object -First 1
Assert ($null -ne $hive) "卸载信息已登记"
$dir = (Get-ItemProperty "${hive}:\$keyPath").InstallLocation
Write-Host "安装位置（$hive）：$dir"
$exe = Join-Path $dir "jsgk-workbench.exe"
$cli = Join-Path $dir "jsgk.exe"
Assert ((Test-Path $exe) -and (Test-Path $cli) -and (Test-Path (Join-Path $dir "_internal\resources\fonts"))) "程序、字体已安装"

if ($hive -eq "HKLM") {
    $menu = Join-Path $env:ProgramData "Microsoft\Windows\Start Menu\Programs\$name.lnk"
    $desk = Join-Path $env:PUBLIC "Desktop\$name.lnk"
} else {
    $menu = Join-Path $env:APPDATA "Microsoft\Windows\Start Menu\Programs\$name.lnk"
    $desk = Join-Path ([Environment]::GetFolderPath("Desktop")) "$name.lnk"
}
Assert ((Test-Path $menu) -and (Test-Path $desk)) "开始菜单和桌面快捷方式 $name"
$target = (New-Object -ComObject WScript.Shell).CreateShortcut($menu).TargetPath
Assert ($target -eq $exe) "快捷方式指向 $target"

$classes = "${hive}:\Software\Classes"
$progId = (Get-ItemProperty "$classes\.jsgk").'(default)'
$command = (Get-ItemProperty "$classes\$progId\shell\open\command").'(default)'
Assert ($progId -eq "JSGK.UnitFile" -and $command -eq "`"$exe`" `"%1`"") ".jsgk 关联到 $command"

# the installed app works, offline and headless
& $cli --self-test
Assert ($LASTEXITCODE -eq 0) "已安装程序的自检"

# a unit file opened the way a double-click opens it: the app must start and stay up with it
$work = Join-Path $env:TEMP "jsgk-installer-check"
New-Item -ItemType Directory -Force $work | Out-Null
$unit = Join-Path $work "示例单位.jsgk"
Remove-Item $unit -ErrorAction SilentlyContinue
& $cli demo $unit
Assert ($LASTEXITCODE -eq 0 -and (Test-Path $unit)) "命令行生成示例单位 $unit"
$env:QT_QPA_PLATFORM = "offscreen"          # inherited through the shell: no window on the runner
Start-Process -FilePath $unit
$running = $null
for ($i = 0; $i -lt 30 -and -not $running; $i++) {
    Start-Sleep -Seconds 1
    $running = Get-Process -Name "jsgk-workbench" -ErrorAction SilentlyContinue | Where-Object { $_.Path -eq $exe }
}
Start-Sleep -Seconds 3                       # still running: it did not fail on the file
$running = Get-Process -Name "jsgk-workbench" -ErrorAction SilentlyContinue | Where-Object { $_.Path -eq $exe }
Assert ($null -ne $running) "双击单位文件启动程序"
$running | Stop-Process -Force
Start-Sleep -Seconds 2                       # let Windows release the program's files
Remove-Item Env:\QT_QPA_PLATFORM

# the user's files survive the uninstaller, even one saved inside the program folder
$kept = Join-Path $dir "我的单位.jsgk"
Copy-Item $unit $kept
$p = Start-Process -FilePath (Join-Path $dir "uninstall.exe") -ArgumentList @("/S", "_?=$dir") -Wait -PassThru
Assert ($p.ExitCode -eq 0) "静默卸载（退出码 $($p.ExitCode)）"
Assert (-not (Test-Path $exe) -and -not (Test-Path $cli) -and -not (Test-Path (Join-Path $dir "_internal"))) "程序文件已删除"
Assert ((Test-Path $kept) -and (Test-Path $unit)) "用户的单位文件保留"
Assert (-not (Test-Path $menu) -and -not (Test-Path $desk)) "快捷方式已删除"
Assert (-not (Test-Path "${hive}:\$keyPath") -and -not (Test-Path "$classes\JSGK.UnitFile")) "登记信息和文件关联已删除"
