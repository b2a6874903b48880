; Inno Setup script: FlexiDesk for one Windows user, no administrator rights needed.
; Build (on Windows, after `make package` there has made dist\FlexiDesk):
;   iscc /DAppVersion=0.1.0 packaging\windows\flexidesk.iss
; The version must be the one in pyproject.toml: `FlexiDesk.exe --version` prints it.
; See docs/packaging-windows.md for building and signing.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=X.Y.Z flexidesk.iss
#endif
#define AppName "FlexiDesk"

[Setup]
; A fixed id: upgrades replace the same installation. Never change it.
AppId={{6C0B8E4A-3F1D-4B7E-9A52-F1E5D0C2A7B3}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
; Per-user: installs under %LOCALAPPDATA%\Programs, asks for no administrator rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=FlexiDesk-{#AppVersion}-setup
SetupIconFile=..\..\flexidesk\resources\icons\flexidesk.ico
UninstallDisplayIcon={app}\FlexiDesk-gui.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "welsh"; MessagesFile: "compiler:Languages\Welsh.isl"

[Files]
; The whole one-folder bundle. The school's data is NOT here: it lives in
; %LOCALAPPDATA%\FlexiDesk (database, key file, backups, logs), which Setup never touches.
Source: "..\..\dist\FlexiDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; FlexiDesk-gui.exe: the same program without a console window (FlexiDesk.exe prints, for
; --version and the admin commands run from a terminal).
Name: "{group}\{#AppName}"; Filename: "{app}\FlexiDesk-gui.exe"
Name: "{group}\{#AppName} (demo school)"; Filename: "{app}\FlexiDesk-gui.exe"; Parameters: "--demo"

[Run]
Filename: "{app}\FlexiDesk-gui.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program folder holds. The school's database, key file and backups in
; %LOCALAPPDATA%\FlexiDesk are left exactly as they are: removing the program must never
; remove a school's records.
Type: filesandordirs; Name: "{app}"
