# ScheduledTasks cmdlets (Register-, Get-, Unregister-ScheduledTask, New-ScheduledTaskAction/-Trigger/-SettingsSet),
# with the registered tasks kept in $ClickkerMock.tasks (a hashtable by task name) so that apply and verify see the
# same server. Scenario key `tasks`: @{ Name = @{ Execute; Arguments; UserId; Daily = 'HH:mm' } } for tasks already there.
# Shapes, from the ScheduledTasks docs (https://learn.microsoft.com/en-us/powershell/module/scheduledtasks/) and
# ../shared/reference/windows-behaviour.md:
#   - Principal.UserId is the account WITHOUT its domain on Windows Server 2016 and 2019 (DOMAIN\user on 2012 R2):
#     ComputerManagementDsc issues #200 and #352. Set $ClickkerMock.taskUserIdWithDomain = $true for 2012 R2.
#   - Actions are MSFT_TaskExecAction (Execute, Arguments, WorkingDirectory); a daily trigger is MSFT_TaskDailyTrigger
#     with StartBoundary as a local ISO string such as '2026-12-04T03:00:00' and DaysInterval 1.
if (-not $ClickkerMock.ContainsKey('tasks') -or $null -eq $ClickkerMock['tasks']) { $ClickkerMock['tasks'] = @{} }

function New-ClickkerCimObject {
    param([string] $Class, [hashtable] $Properties)
    $o = [pscustomobject] $Properties
    $o | Add-Member -NotePropertyName CimClass -NotePropertyValue ([pscustomobject]@{ CimClassName = $Class })
    $o.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/$Class")
    $o
}

function New-ScheduledTaskAction {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Execute, [string] $Argument, [string] $WorkingDirectory, [string] $Id)
    Enter-ClickkerMock 'New-ScheduledTaskAction'
    New-ClickkerCimObject 'MSFT_TaskExecAction' @{ Execute = $Execute; Arguments = $(if ($PSBoundParameters.ContainsKey('Argument')) { $Argument } else { $null }); WorkingDirectory = $WorkingDirectory; Id = $Id }
}

function New-ScheduledTaskTrigger {
    [CmdletBinding()]
    param([switch] $Daily, [switch] $Once, [switch] $AtStartup, [datetime] $At, [uint32] $DaysInterval = 1)
    Enter-ClickkerMock 'New-ScheduledTaskTrigger'
    if (-not $Daily) { throw 'mock: only -Daily triggers are modelled' }
    New-ClickkerCimObject 'MSFT_TaskDailyTrigger' @{ StartBoundary = $At.ToString('yyyy-MM-ddTHH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture); DaysInterval = $DaysInterval; Enabled = $true }
}

function New-ScheduledTaskSettingsSet {
    [CmdletBinding()]
    param([switch] $StartWhenAvailable)
    Enter-ClickkerMock 'New-ScheduledTaskSettingsSet'
    New-ClickkerCimObject 'MSFT_TaskSettings3' @{ StartWhenAvailable = [bool] $StartWhenAvailable }
}

function ConvertTo-ClickkerTaskUserId {
    param([string] $User)
    if ($ClickkerMock['taskUserIdWithDomain']) { return $User }
    $parts = $User.Split('\')
    return $parts[$parts.Length - 1]
}

function New-ClickkerTask {
    param([string] $Name, $Action, $Trigger, [string] $UserId, [string] $Registered)
    $principal = New-ClickkerCimObject 'MSFT_TaskPrincipal2' @{ UserId = $UserId; LogonType = 'Password'; RunLevel = 'Highest' }
    $t = New-ClickkerCimObject 'MSFT_ScheduledTask' @{ TaskName = $Name; TaskPath = '\'; State = 'Ready'; Actions = @($Action); Triggers = @($Trigger); Principal = $principal }
    # What the registered definition keeps (IRegisteredTask.Xml, Task/Principals/Principal/UserId): on Server 2016 a
    # SID for a password logon (dahall/TaskScheduler #29), else the account as given (MS-TSCH 2.5.6 allows both).
    $kept = $Registered
    if ($kept -and -not $ClickkerMock['taskUserIdWithDomain'] -and (Get-Command -Name Resolve-ClickkerAccountName -ErrorAction SilentlyContinue)) {
        $sid = Resolve-ClickkerAccountName $kept
        if ($sid) { $kept = $sid }
    }
    $t | Add-Member -NotePropertyName ClickkerRegisteredUser -NotePropertyValue $kept
    $t
}

# The Task Scheduler's COM view of a registered task (ITaskFolder::GetTask -> IRegisteredTask, whose Xml is the task
# definition; https://learn.microsoft.com/en-us/windows/win32/taskschd/taskfolder-gettask). A task that is not there:
# COMException 0x80070002 "The system cannot find the file specified."
function Get-ClickkerRegisteredTask {
    param([string] $Name)
    $t = @(Get-ClickkerScheduledTasks | Where-Object { $_.TaskName -eq $Name }) | Select-Object -First 1
    if ($null -eq $t) { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The system cannot find the file specified.', -2147024894) }
    $user = [System.Security.SecurityElement]::Escape([string] $t.ClickkerRegisteredUser)
    $xml = '<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Principals><Principal id="Author"><UserId>' + $user + '</UserId><LogonType>Password</LogonType><RunLevel>HighestAvailable</RunLevel></Principal></Principals></Task>'
    [pscustomobject]@{ Name = $Name; Path = '\' + $Name; Xml = $xml }
}

# New-ScheduledTaskPrincipal: MSFT_TaskPrincipal2 (UserId, LogonType, RunLevel). A gMSA is registered with
# -LogonType Password and no password: Task Scheduler fetches it from Active Directory (learn.microsoft.com: Group
# Managed Service Accounts Overview; New-ScheduledTaskPrincipal).
function New-ScheduledTaskPrincipal {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $UserId, [ValidateSet('None', 'Password', 'S4U', 'Interactive', 'Group', 'ServiceAccount', 'InteractiveOrPassword')] [string] $LogonType = 'None', [ValidateSet('Limited', 'Highest')] [string] $RunLevel = 'Limited')
    Enter-ClickkerMock 'New-ScheduledTaskPrincipal'
    New-ClickkerCimObject 'MSFT_TaskPrincipal2' @{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel }
}

function Register-ScheduledTask {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $TaskName, [string] $TaskPath = '\', $Action, $Trigger, $Settings,
        [string] $User, [string] $Password, [string] $RunLevel, $Principal, [switch] $Force
    )
    if ($null -ne $Principal) {
        Enter-ClickkerMock 'Register-ScheduledTask'
        if (-not ([string] $Principal.UserId).EndsWith('$') -and $Principal.LogonType -eq 'Password') { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The user name or password is incorrect.', -2147023570) }
        if ($ClickkerMock['tasks'].ContainsKey($TaskName) -and -not $Force) { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'Cannot create a file when that file already exists.', -2147024713) }
        $ClickkerMock['tasks'][$TaskName] = New-ClickkerTask $TaskName @($Action)[0] @($Trigger)[0] (ConvertTo-ClickkerTaskUserId $Principal.UserId) $Principal.UserId
        return $ClickkerMock['tasks'][$TaskName]
    }
    Enter-ClickkerMock 'Register-ScheduledTask'
    if ($ClickkerMock['tasks'].ContainsKey($TaskName) -and -not $Force) {
        throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'Cannot create a file when that file already exists.', -2147024713)
    }
    if ($User -and -not $Password) {
        # Without -Password the task would only run while the user is logged on; Windows then asks for S4U/Interactive.
        throw 'mock: a task for another user needs -Password here'
    }
    $ClickkerMock['tasks'][$TaskName] = New-ClickkerTask $TaskName @($Action)[0] @($Trigger)[0] (ConvertTo-ClickkerTaskUserId $User) $User
    $ClickkerMock['tasks'][$TaskName]
}

function Get-ScheduledTask {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $TaskName, [string[]] $TaskPath)
    Enter-ClickkerMock 'Get-ScheduledTask'
    # A query by TaskName that matches nothing is an error of the CDXML cmdlet (ObjectNotFound): "No
    # MSFT_ScheduledTask objects found with property 'TaskName' equal to '<name>'" (as Unregister-ScheduledTask below).
    $found = 0
    foreach ($t in (Get-ClickkerScheduledTasks)) {
        if ($TaskName -and $TaskName -notcontains $t.TaskName) { continue }
        if ($TaskPath -and $TaskPath -notcontains $t.TaskPath) { continue }
        $found++
        $t
    }
    if ($found -eq 0 -and $TaskName) {
        $what = "'TaskName' equal to '$($TaskName[0])'"
        $e = New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "No MSFT_ScheduledTask objects found with property $what. Verify the value of the property and retry."
        $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'CmdletizationQuery_NotFound,Get-ScheduledTask', 'ObjectNotFound', $null))
    }
}

function Get-ClickkerScheduledTasks {
    foreach ($name in @($ClickkerMock['tasks'].Keys)) {
        $t = $ClickkerMock['tasks'][$name]
        if ($t -is [System.Collections.IDictionary]) {
            # A task given by the scenario: rebuilt in Windows' shape.
            $at = [datetime]::ParseExact([string] $t['Daily'], 'HH:mm', [System.Globalization.CultureInfo]::InvariantCulture)
            $t = New-ClickkerTask $name (New-ScheduledTaskAction -Execute $t['Execute'] -Argument $t['Arguments']) (New-ScheduledTaskTrigger -Daily -At $at) (ConvertTo-ClickkerTaskUserId $t['UserId']) $t['UserId']
            $ClickkerMock['tasks'][$name] = $t
        }
        $t
    }
}

function Unregister-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Position = 0)] [string] $TaskName, [string] $TaskPath, [Parameter(ValueFromPipeline = $true)] $InputObject)
    process {
        Enter-ClickkerMock 'Unregister-ScheduledTask'
        if ($null -ne $InputObject) { $TaskName = $InputObject.TaskName }
        if (-not $ClickkerMock['tasks'].ContainsKey($TaskName)) {
            throw "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'."
        }
        $ClickkerMock['tasks'].Remove($TaskName)
    }
}

# The Task Scheduler's COM interface, which task-set.ps1 uses to hand over a password (a method argument is not
# recorded by module logging, a cmdlet's -Password is). Shapes from the Task Scheduler scripting objects
# (https://learn.microsoft.com/en-us/windows/win32/taskschd/taskservice, .../taskfolder-registertaskdefinition):
# TaskService.Connect(), NewTask(0) -> TaskDefinition (Settings, Principal, Triggers.Create(2 = daily) with
# StartBoundary/DaysInterval, Actions.Create(0 = exec) with Path/Arguments), GetFolder('\').RegisterTaskDefinition(
# name, definition, 6 = TASK_CREATE_OR_UPDATE, user, password, 1 = TASK_LOGON_PASSWORD). The registered task is what
# Get-ScheduledTask then returns (Principal.UserId without the domain on Server 2016+). Registered with loader.ps1's
# New-Object as 'Com:Schedule.Service'; any other COM object fails there by name.
$ClickkerNewObject['Com:Schedule.Service'] = 'New-ClickkerTaskService'
function New-ClickkerTaskService {
    [CmdletBinding()]
    param([string] $ComObject, [switch] $Strict, [System.Collections.IDictionary] $Property)
    Enter-ClickkerMock 'New-Object'
    $service = [pscustomobject]@{ Connected = $false }
    $service | Add-Member -MemberType ScriptMethod -Name Connect -Value { $this.Connected = $true }
    $service | Add-Member -MemberType ScriptMethod -Name NewTask -Value {
        param($flags)
        $definition = [pscustomobject]@{
            Settings = [pscustomobject]@{ StartWhenAvailable = $false }
            Principal = [pscustomobject]@{ RunLevel = 0; LogonType = 0 }
            Triggers = [pscustomobject]@{ Items = [System.Collections.ArrayList]::new() }
            Actions = [pscustomobject]@{ Items = [System.Collections.ArrayList]::new() }
        }
        $definition.Triggers | Add-Member -MemberType ScriptMethod -Name Create -Value {
            param($type)
            if ($type -ne 2) { throw 'mock: only daily triggers (2) are modelled' }
            $t = [pscustomobject]@{ StartBoundary = $null; DaysInterval = 1 }
            $null = $this.Items.Add($t)
            $t
        }
        $definition.Actions | Add-Member -MemberType ScriptMethod -Name Create -Value {
            param($type)
            if ($type -ne 0) { throw 'mock: only exec actions (0) are modelled' }
            $a = [pscustomobject]@{ Path = $null; Arguments = $null }
            $null = $this.Actions.Add($a)
            $a
        } -Force
        $definition.Actions | Add-Member -MemberType NoteProperty -Name Actions -Value $definition.Actions.Items
        $definition
    }
    $service | Add-Member -MemberType ScriptMethod -Name GetFolder -Value {
        param($path)
        if (-not $this.Connected) { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The Task Scheduler service is not connected (Connect first).', -2147216625) }
        $folder = [pscustomobject]@{ Path = $path }
        $folder | Add-Member -MemberType ScriptMethod -Name GetTask -Value { param($name) Get-ClickkerRegisteredTask $name }
        $folder | Add-Member -MemberType ScriptMethod -Name RegisterTaskDefinition -Value {
            param($name, $definition, $flags, $user, $password, $logonType)
            if ($logonType -eq 1 -and [string]::IsNullOrEmpty($password)) { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The user name or password is incorrect.', -2147023570) }
            $a = @($definition.Actions.Items)[0]
            $t = @($definition.Triggers.Items)[0]
            $at = [datetime]::ParseExact([string] $t.StartBoundary, 'yyyy-MM-ddTHH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)
            $action = New-ScheduledTaskAction -Execute $a.Path -Argument $a.Arguments
            $ClickkerMock['tasks'][$name] = New-ClickkerTask $name $action (New-ScheduledTaskTrigger -Daily -At $at) (ConvertTo-ClickkerTaskUserId $user) $user
            $ClickkerMock['tasks'][$name]
        }
        $folder
    }
    $service
}
