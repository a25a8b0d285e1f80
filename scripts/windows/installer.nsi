; Pro Bono Desk for Windows: a per-user installer (no administrator rights), built by
; scripts/windows/build.sh with Debian's makensis. Not Tauri's bundler: that one downloads its
; NSIS plugins at build time.
;
; makensis -DVERSION=… -DPUBLISHER=… -DAPP_EXE=… -DCLI_EXE=… -DICON=… -DOUTFILE=… installer.nsi
;
; What it installs, in %LOCALAPPDATA%\Programs\Pro Bono Desk:
;   pro-bono-desk.exe    the desktop app
;   bin\probono.exe      the command line (its folder is added to the user's PATH on request)
;   uninstall.exe
; and a Start-menu entry. The uninstaller removes exactly these and never the vault, its
; backups or exports: they live in %APPDATA%\pro-bono-desk (or wherever the user chose).
;
; Command-line options: /S (silent), /D=FOLDER (install folder, last and unquoted, as NSIS
; wants), /ADDTOPATH (with /S: put probono on the user's PATH; the pages offer it otherwise).

; A 64-bit installer for a 64-bit program (also: Wine without its 32-bit part can run it).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WinMessages.nsh

!ifndef VERSION | PUBLISHER | APP_EXE | CLI_EXE | ICON | OUTFILE
  !error "scripts/windows/build.sh passes VERSION, PUBLISHER, APP_EXE, CLI_EXE, ICON and OUTFILE"
!endif

!define PRODUCT "Pro Bono Desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ProBonoDesk"
!define SETTINGS_KEY "Software\Pro Bono Desk"
; Longer PATH values than NSIS's string buffer are never rewritten (they would be cut short).
!define PATH_LIMIT ${NSIS_MAX_STRLEN}

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${PRODUCT} installer"
VIAddVersionKey "LegalCopyright" "AGPL-3.0-or-later"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\pro-bono-desk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "Your records were kept"
!define MUI_FINISHPAGE_TEXT "${PRODUCT} was removed. Your vault, its backups and your exports were not touched. The vault is in $APPDATA\pro-bono-desk unless you chose another folder."
!insertmacro MUI_UNPAGE_FINISH
!insertmacro MUI_LANGUAGE "English"

Section "${PRODUCT}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=pro-bono-desk.exe" "${APP_EXE}"
  SetOutPath "$INSTDIR\bin"
  File "/oname=probono.exe" "${CLI_EXE}"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\pro-bono-desk.exe" "" "$INSTDIR\pro-bono-desk.exe" 0

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\pro-bono-desk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; The desktop window needs Microsoft's WebView2 runtime (part of Windows 11, and of
  ; Windows 10 through its updates). It is not bundled: say so when it is missing.
  ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${EndIf}
  ${If} $0 == ""
    DetailPrint "Microsoft Edge WebView2 was not found: the window needs it (https://go.microsoft.com/fwlink/p/?LinkId=2124703). The probono command works without it."
    MessageBox MB_ICONINFORMATION|MB_OK "The ${PRODUCT} window needs Microsoft Edge WebView2, which this computer does not seem to have. Install it from https://go.microsoft.com/fwlink/p/?LinkId=2124703 (free, from Microsoft). The probono command line works without it." /SD IDOK
  ${EndIf}
SectionEnd

Section /o "Add the probono command to my PATH" SecPath
  Call AddToPath
SectionEnd

Function .onInit
  ; /ADDTOPATH selects the PATH option (for silent installs).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/ADDTOPATH" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecPath} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

; PATH work on named variables (no register juggling): the user's PATH as read, the entry
; the installer adds ($INSTDIR\bin), and the PATH rebuilt without that entry.
Var PathText
Var PathRest
Var PathItem
Var PathChar
Var PathKept
Var PathFound

; Walks $PathText item by item (';'-separated). Sets $PathFound to 1 when an item equals
; $R9 (NSIS compares strings without regard to case, as Windows does paths), and $PathKept to
; PATH without the items equal to $R9 (and without empty items).
!macro PATH_WALK un
Function ${un}PathWalk
  StrCpy $PathFound 0
  StrCpy $PathKept ""
  StrCpy $PathRest "$PathText;"
  next_item:
    StrCpy $PathItem ""
  next_char:
    StrCpy $PathChar $PathRest 1
    StrCpy $PathRest $PathRest "" 1
    ${If} $PathChar != ";"
    ${AndIf} $PathChar != ""
      StrCpy $PathItem "$PathItem$PathChar"
      Goto next_char
    ${EndIf}
    ${If} $PathItem == $R9
      StrCpy $PathFound 1
    ${ElseIf} $PathItem != ""
      ${If} $PathKept == ""
        StrCpy $PathKept $PathItem
      ${Else}
        StrCpy $PathKept "$PathKept;$PathItem"
      ${EndIf}
    ${EndIf}
    ${If} $PathRest != ""
      Goto next_item
    ${EndIf}
FunctionEnd
!macroend
!insertmacro PATH_WALK ""
!insertmacro PATH_WALK "un."

; Appends $INSTDIR\bin to the user's own PATH (HKCU\Environment), once, and records that it
; did so the uninstaller takes out exactly that entry. A PATH as long as NSIS's string buffer
; is never rewritten: it may have been cut short when read.
Function AddToPath
  ReadRegStr $PathText HKCU "Environment" "Path"
  StrLen $R0 $PathText
  IntOp $R1 ${PATH_LIMIT} - 1
  ${If} $R0 >= $R1
    DetailPrint "Your PATH is too long to change safely here; add $INSTDIR\bin to it yourself."
    MessageBox MB_ICONINFORMATION|MB_OK "Your PATH is too long for this installer to change safely. Add $INSTDIR\bin to it yourself to use the probono command." /SD IDOK
    Return
  ${EndIf}
  StrCpy $R9 "$INSTDIR\bin"
  Call PathWalk
  ${If} $PathFound == 1
    DetailPrint "$INSTDIR\bin is already on your PATH."
    Return
  ${EndIf}
  ${If} $PathText == ""
    StrCpy $PathText "$INSTDIR\bin"
  ${Else}
    StrCpy $PathText "$PathText;$INSTDIR\bin"
  ${EndIf}
  WriteRegExpandStr HKCU "Environment" "Path" "$PathText"
  WriteRegStr HKCU "${SETTINGS_KEY}" "AddedToPath" "$INSTDIR\bin"
  SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=5000
  DetailPrint "Added $INSTDIR\bin to your PATH."
FunctionEnd

; Takes out the one PATH item the installer added (recorded at install), leaving the rest as
; the user has it.
Function un.RemoveFromPath
  ReadRegStr $R9 HKCU "${SETTINGS_KEY}" "AddedToPath"
  ${If} $R9 == ""
    Return
  ${EndIf}
  ReadRegStr $PathText HKCU "Environment" "Path"
  StrLen $R0 $PathText
  IntOp $R1 ${PATH_LIMIT} - 1
  ${If} $R0 >= $R1
    DetailPrint "Your PATH is too long to change safely here; take $R9 out of it yourself."
    Return
  ${EndIf}
  Call un.PathWalk
  ${If} $PathFound == 1
    ${If} $PathKept == ""
      DeleteRegValue HKCU "Environment" "Path"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$PathKept"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=5000
    DetailPrint "Took $R9 out of your PATH."
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Call un.RemoveFromPath
  Delete "$INSTDIR\pro-bono-desk.exe"
  Delete "$INSTDIR\bin\probono.exe"
  Delete "$INSTDIR\uninstall.exe"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  ; Only empty folders: anything the user put there stays.
  RMDir "$INSTDIR\bin"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  DetailPrint "Your vault, its backups and your exports were kept (the vault: $APPDATA\pro-bono-desk, unless you chose another folder)."
SectionEnd
