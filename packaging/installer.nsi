; Windows installer of 决算公开工作台 (NSIS 3, Unicode). It installs the PyInstaller one-folder build
; (dist\jsgk-workbench: jsgk-workbench.exe, jsgk.exe, _internal\) for the current user without
; administrator rights, or for all users when the installer is run as administrator.
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSRCDIR=<dist\jsgk-workbench> -DOUTFILE=<setup.exe> installer.nsi
;
; packaging/build.ps1 does this on Windows; packaging/standin_layout.py makes a stand-in SRCDIR to
; validate the script with makensis on Linux (tests/test_installer_nsi.py).
; Silent use: <installer>.exe /S [/D=C:\path] installs; "<INSTDIR>\uninstall.exe" /S removes.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user        ; per user unless started with "以管理员身份运行"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

!ifndef VERSION
  !error "makensis -DVERSION=X.Y.Z (the version in pyproject.toml) is required"
!endif
!ifndef SRCDIR
  !define SRCDIR "..\dist\jsgk-workbench"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\jsgk-workbench-${VERSION}-installer.exe"
!endif
!ifndef ICONFILE
  !define ICONFILE "..\resources\icons\app.ico"
!endif

!define APPNAME "决算公开工作台"
!define APPID "jsgk-workbench"
!define EXE "jsgk-workbench.exe"              ; windowed: shortcuts and double-clicked unit files
!define CLI "jsgk.exe"                        ; console: command line and --self-test
!define EXT ".jsgk"                           ; the unit files' own extension (storage/)
!define PROGID "JSGK.UnitFile"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir ""                                 ; chosen in .onInit (per user or per machine)
BrandingText "${APPNAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" ""

!define MUI_ICON "${ICONFILE}"
!define MUI_UNICON "${ICONFILE}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${APPNAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; ---- per user or per machine -----------------------------------------------------------------------

!macro RequireX64
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APPNAME}需要 64 位 Windows。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
!macroend

Function .onInit
  !insertmacro RequireX64
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"                         ; elevated: for all users
    SetShellVarContext all
    StrCpy $1 "$PROGRAMFILES64\${APPNAME}"
  ${Else}                                     ; no administrator rights needed
    SetShellVarContext current
    StrCpy $1 "$LOCALAPPDATA\Programs\${APPNAME}"
  ${EndIf}
  ${If} $INSTDIR == ""                        ; not given with /D=
    ReadRegStr $2 SHCTX "${UNINSTKEY}" "InstallLocation"
    ${If} $2 != ""                            ; an update goes where the last version is
      StrCpy $INSTDIR $2
    ${Else}
      StrCpy $INSTDIR $1
    ${EndIf}
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro RequireX64
  ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
  ${If} $0 == $INSTDIR                        ; installed for all users
    UserInfo::GetAccountType
    Pop $1
    ${If} $1 != "Admin"
      MessageBox MB_ICONSTOP "${APPNAME}是为所有用户安装的，请以管理员身份运行卸载程序。" /SD IDOK
      Abort
    ${EndIf}
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

; ---- install -------------------------------------------------------------------------------------

Section "${APPNAME}" SecMain
  SectionIn RO
  ; an update replaces the program files; nothing else in the folder is touched
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File "${SRCDIR}\${EXE}"
  File "${SRCDIR}\${CLI}"
  File /r "${SRCDIR}\_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; double-clicking a unit file opens it in the app (HKCU\Software\Classes per user, HKLM per machine)
  WriteRegStr SHCTX "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "决算公开单位文件"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" '"$INSTDIR\${EXE}",0'
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'   ; SHCNE_ASSOCCHANGED

  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" '"$INSTDIR\${EXE}",0'
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

; ---- uninstall: only what the installer put there ----------------------------------------------------
; Unit files (*.jsgk) and anything else a user saved, even inside the program folder, stay; the
; folder itself is removed only when it is empty.

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ReadRegStr $0 SHCTX "Software\Classes\${EXT}" ""
  ${If} $0 == "${PROGID}"                     ; still ours: no other program took the extension
    DeleteRegValue SHCTX "Software\Classes\${EXT}" ""
  ${EndIf}
  DeleteRegValue SHCTX "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifnosubkeys /ifnovalues SHCTX "Software\Classes\${EXT}\OpenWithProgids"
  DeleteRegKey /ifnosubkeys /ifnovalues SHCTX "Software\Classes\${EXT}"
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "${UNINSTKEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
