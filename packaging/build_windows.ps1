# Build the Windows app and its installer (run in PowerShell from the repository's top folder,
# with Python 3.11+ and Inno Setup 6 installed). Not run by CI: see packaging/README.md.
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -q --upgrade pip
.venv\Scripts\python -m pip install -q -e ".[ocr,topics,package]"
.venv\Scripts\python -m PyInstaller --noconfirm packaging\case-workbench.spec
$version = (& ".venv\Scripts\python" -c "import importlib.metadata as m; print(m.version('case-workbench'))").Trim()
& "dist\case-workbench\workbench.exe" --version
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
& $iscc "/DAppVersion=$version" packaging\windows\case-workbench.iss
Compress-Archive -Force -Path dist\case-workbench -DestinationPath "dist\case-workbench-$version-windows.zip"
