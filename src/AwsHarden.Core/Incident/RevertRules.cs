using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>The known inverse of each write, by CloudTrail event name, with its phase and rank.</summary>
internal static class RevertRules
{
    internal sealed record Entry(string Name, RevertPhase Phase, int Rank, Func<CloudTrailEvent, PlanStep?> Build);

    private const RevertPhase D = RevertPhase.Detection, C = RevertPhase.ComputeAndBilling;
    private const RevertPhase I = RevertPhase.IamPersistence, K = RevertPhase.Configuration;

    public static IEnumerable<Entry> All() =>
    [
        new("StopLogging", D, 0, e => Api(e, "cloudtrail", "StartLogging", "start the trail's logging again",
            "StopLogging", ("Name", e.RequestString("name")))),
        new("DeleteTrail", D, 0, e => Manual(e, "Re-create the deleted trail with its former settings")),
        new("UpdateTrail", D, 0, e => Manual(e, "Restore the trail's former settings")),
        new("PutEventSelectors", D, 0, e => Manual(e, "Restore the trail's former event selectors")),
        new("DeleteDetector", D, 0, e => Api(e, "guardduty", "CreateDetector", "GuardDuty enabled again",
            "DeleteDetector", ("Enable", "true"))),
        new("UpdateDetector", D, 0, e => e.RequestString("enable") == "false"
            ? Api(e, "guardduty", "UpdateDetector", "GuardDuty enabled again", "UpdateDetector Enable=false",
                ("DetectorId", e.RequestString("detectorId")), ("Enable", "true"))
            : Manual(e, "Restore the detector's former settings")),
        new("StopConfigurationRecorder", D, 0, e => Api(e, "config", "StartConfigurationRecorder",
            "recording again", "StopConfigurationRecorder",
            ("ConfigurationRecorderName", e.RequestString("configurationRecorderName")))),
        new("DeleteFlowLogs", D, 0, e => Manual(e, "Re-create the deleted VPC flow logs")),
        new("DeleteLogGroup", D, 0, e => Manual(e, "Re-create the log group; its past logs are gone")),

        new("RunInstances", C, 0, e => Api(e, "ec2", "TerminateInstances", "instances terminated", "none",
            ("InstanceIds", Join(JsonPath.All(e.ResponseElements, "instancesSet", "items", "instanceId"))))),
        new("RequestSpotInstances", C, 0, e => Api(e, "ec2", "CancelSpotInstanceRequests",
            "requests cancelled; terminate the instances they started too", "none",
            ("SpotInstanceRequestIds", Join(JsonPath.All(e.ResponseElements, "spotInstanceRequestSet", "items",
                "spotInstanceRequestId"))))),
        new("RequestSpotFleet", C, 0, e => Api(e, "ec2", "CancelSpotFleetRequests", "fleet cancelled", "none",
            ("SpotFleetRequestIds", e.ResponseString("spotFleetRequestId")), ("TerminateInstances", "true"))),
        new("CreateFleet", C, 0, e => Api(e, "ec2", "DeleteFleets", "fleet deleted", "none",
            ("FleetIds", e.ResponseString("fleetId")), ("TerminateInstances", "true"))),
        new("CreateAutoScalingGroup", C, 0, e => Api(e, "autoscaling", "DeleteAutoScalingGroup", "group deleted",
            "none", ("AutoScalingGroupName", e.RequestString("autoScalingGroupName")), ("ForceDelete", "true"))),
        new("CreateLaunchTemplate", C, 1, e => Api(e, "ec2", "DeleteLaunchTemplate", "template deleted", "none",
            ("LaunchTemplateName", e.RequestString("CreateLaunchTemplateRequest", "LaunchTemplateName")))),
        new("CreateFunction20150331", C, 0, e => Api(e, "lambda", "DeleteFunction", "function deleted", "none",
            ("FunctionName", e.RequestString("functionName")))),
        new("AddPermission20150331v2", C, 0, e => Api(e, "lambda", "RemovePermission", "permission removed",
            "none", ("FunctionName", e.RequestString("functionName")),
            ("StatementId", e.RequestString("statementId")))),
        new("UpdateFunctionCode20150331v2", C, 0, e => Manual(e, "Publish the function's former code again")),
        new("UpdateFunctionConfiguration20150331v2", C, 0, e => Manual(e,
            "Restore the function's former configuration (layers, environment, role)")),
        new("ModifyImageAttribute", C, 0, e => Unshare(e, "ModifyImageAttribute", "ImageId", "imageId")),
        new("ModifySnapshotAttribute", C, 0, e => Unshare(e, "ModifySnapshotAttribute", "SnapshotId", "snapshotId")),
        new("ModifyDBSnapshotAttribute", C, 0, e => Api(e, "rds", "ModifyDBSnapshotAttribute", "snapshot private",
            "none", ("DBSnapshotIdentifier", e.RequestString("dBSnapshotIdentifier")), ("AttributeName", "restore"),
            ("ValuesToRemove", Join(JsonPath.All(e.RequestParameters, "valuesToAdd"))))),
        new("CreateImage", C, 1, e => Api(e, "ec2", "DeregisterImage", "image deregistered", "none",
            ("ImageId", e.ResponseString("imageId")))),
        new("CopyImage", C, 1, e => Api(e, "ec2", "DeregisterImage", "image deregistered", "none",
            ("ImageId", e.ResponseString("imageId")))),
        new("CreateSnapshot", C, 2, e => Api(e, "ec2", "DeleteSnapshot", "snapshot deleted", "none",
            ("SnapshotId", e.ResponseString("snapshotId")))),
        new("CreateVolume", C, 2, e => Api(e, "ec2", "DeleteVolume", "volume deleted", "none",
            ("VolumeId", e.ResponseString("volumeId")))),
        new("CreateKeyPair", C, 2, e => Api(e, "ec2", "DeleteKeyPair", "key pair deleted", "none",
            ("KeyName", e.RequestString("keyName")))),
        new("ImportKeyPair", C, 2, e => Api(e, "ec2", "DeleteKeyPair", "key pair deleted", "none",
            ("KeyName", e.RequestString("keyName")))),

        new("CreateLoginProfile", I, 0, e => Api(e, "iam", "DeleteLoginProfile", "no console password",
            "none: set a new password with CreateLoginProfile", ("UserName", UserOf(e)))),
        new("UpdateLoginProfile", I, 0, e => Api(e, "iam", "DeleteLoginProfile", "no console password",
            "none: the owner gets a new password with CreateLoginProfile", ("UserName", UserOf(e)))),
        new("CreateAccessKey", I, 0, e => Api(e, "iam", "DeleteAccessKey", "key deleted", "none",
            ("UserName", e.ResponseString("accessKey", "userName") ?? UserOf(e)),
            ("AccessKeyId", e.ResponseString("accessKey", "accessKeyId")))),
        new("EnableMFADevice", I, 0, e => Api(e, "iam", "DeactivateMFADevice", "device detached", "none",
            ("UserName", UserOf(e)), ("SerialNumber", e.RequestString("serialNumber")))),
        new("CreateVirtualMFADevice", I, 1, e => Api(e, "iam", "DeleteVirtualMFADevice", "device deleted", "none",
            ("SerialNumber", e.ResponseString("virtualMFADevice", "serialNumber")))),
        new("AttachUserPolicy", I, 1, e => Api(e, "iam", "DetachUserPolicy", "policy detached", "AttachUserPolicy",
            ("UserName", e.RequestString("userName")), ("PolicyArn", e.RequestString("policyArn")))),
        new("PutUserPolicy", I, 1, e => Api(e, "iam", "DeleteUserPolicy", "inline policy deleted", "none",
            ("UserName", e.RequestString("userName")), ("PolicyName", e.RequestString("policyName")))),
        new("AddUserToGroup", I, 1, e => Api(e, "iam", "RemoveUserFromGroup", "membership removed",
            "AddUserToGroup", ("UserName", e.RequestString("userName")), ("GroupName", e.RequestString("groupName")))),
        new("AttachRolePolicy", I, 1, e => Api(e, "iam", "DetachRolePolicy", "policy detached", "AttachRolePolicy",
            ("RoleName", e.RequestString("roleName")), ("PolicyArn", e.RequestString("policyArn")))),
        new("PutRolePolicy", I, 1, e => Api(e, "iam", "DeleteRolePolicy", "inline policy deleted", "none",
            ("RoleName", e.RequestString("roleName")), ("PolicyName", e.RequestString("policyName")))),
        new("AttachGroupPolicy", I, 1, e => Api(e, "iam", "DetachGroupPolicy", "policy detached",
            "AttachGroupPolicy", ("GroupName", e.RequestString("groupName")),
            ("PolicyArn", e.RequestString("policyArn")))),
        new("PutGroupPolicy", I, 1, e => Api(e, "iam", "DeleteGroupPolicy", "inline policy deleted", "none",
            ("GroupName", e.RequestString("groupName")), ("PolicyName", e.RequestString("policyName")))),
        new("AddRoleToInstanceProfile", I, 1, e => Api(e, "iam", "RemoveRoleFromInstanceProfile", "role removed",
            "AddRoleToInstanceProfile", ("InstanceProfileName", e.RequestString("instanceProfileName")),
            ("RoleName", e.RequestString("roleName")))),
        new("UpdateAssumeRolePolicy", I, 1, e => Manual(e, "Restore the role's former trust policy")),
        new("CreatePolicyVersion", I, 2, e => Manual(e,
            "Set the former version as default again, then DeletePolicyVersion the attacker's version")),
        new("CreatePolicy", I, 2, e => Api(e, "iam", "DeletePolicy", "policy deleted", "none",
            ("PolicyArn", e.ResponseString("policy", "arn")))),
        new("CreateUser", I, 3, e => Api(e, "iam", "DeleteUser", "user deleted", "none",
            ("UserName", e.RequestString("userName")))),
        new("CreateRole", I, 3, e => Api(e, "iam", "DeleteRole", "role deleted", "none",
            ("RoleName", e.RequestString("roleName")))),
        new("CreateGroup", I, 3, e => Api(e, "iam", "DeleteGroup", "group deleted", "none",
            ("GroupName", e.RequestString("groupName")))),
        new("CreateInstanceProfile", I, 3, e => Api(e, "iam", "DeleteInstanceProfile", "profile deleted", "none",
            ("InstanceProfileName", e.RequestString("instanceProfileName")))),
        new("CreateSAMLProvider", I, 3, e => Api(e, "iam", "DeleteSAMLProvider", "provider deleted", "none",
            ("SAMLProviderArn", e.ResponseString("sAMLProviderArn") ?? e.ResponseString("SAMLProviderArn")))),
        new("CreateOpenIDConnectProvider", I, 3, e => Api(e, "iam", "DeleteOpenIDConnectProvider",
            "provider deleted", "none", ("OpenIDConnectProviderArn", e.ResponseString("openIDConnectProviderArn")))),
        // TODO(incident): the executor cannot send rolesanywhere calls yet; these steps fail when applied.
        new("CreateTrustAnchor", I, 3, e => Api(e, "rolesanywhere", "DeleteTrustAnchor", "trust anchor deleted",
            "none", ("TrustAnchorId", e.ResponseString("trustAnchor", "trustAnchorId")))),
        new("CreateProfile", I, 3, e => Api(e, "rolesanywhere", "DeleteProfile", "profile deleted", "none",
            ("ProfileId", e.ResponseString("profile", "profileId")))),

        new("AuthorizeSecurityGroupIngress", K, 0, e => Api(e, "ec2", "RevokeSecurityGroupIngress", "rule removed",
            "AuthorizeSecurityGroupIngress", ("GroupId", e.RequestString("groupId")), ("SecurityGroupRuleIds",
                Join(JsonPath.All(e.ResponseElements, "securityGroupRuleSet", "items", "securityGroupRuleId"))))),
        new("AuthorizeSecurityGroupEgress", K, 0, e => Api(e, "ec2", "RevokeSecurityGroupEgress", "rule removed",
            "AuthorizeSecurityGroupEgress", ("GroupId", e.RequestString("groupId")), ("SecurityGroupRuleIds",
                Join(JsonPath.All(e.ResponseElements, "securityGroupRuleSet", "items", "securityGroupRuleId"))))),
        new("CreateSecurityGroup", K, 1, e => Api(e, "ec2", "DeleteSecurityGroup", "group deleted", "none",
            ("GroupId", e.ResponseString("groupId")))),
        new("PutBucketPolicy", K, 0, e => Manual(e, "Restore the bucket's former policy, or delete it")),
        new("PutBucketAcl", K, 0, e => Manual(e, "Restore the bucket's former ACL")),
        new("DeleteBucketPublicAccessBlock", K, 0, e => Api(e, "s3", "PutPublicAccessBlock",
            "public access blocked", "DeletePublicAccessBlock", ("Bucket", e.RequestString("bucketName")),
            ("PublicAccessBlockConfiguration", "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,"
                + "RestrictPublicBuckets=true"))),
    ];

    private static PlanStep Api(CloudTrailEvent e, string service, string operation, string result, string undo,
        params (string Name, string? Value)[] parameters)
    {
        var missing = parameters.Where(p => string.IsNullOrEmpty(p.Value)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            return Manual(e, $"{operation} is the inverse, but the event lacks {string.Join(", ", missing)}");
        }
        var call = new ApiCall
        {
            Service = service, Operation = operation, Region = service == "iam" ? null : e.AwsRegion,
            Parameters = parameters.ToDictionary(p => p.Name, p => p.Value!),
        };
        return new PlanStep
        {
            Id = "", Kind = PlanStepKind.Api,
            Title = $"{operation} {string.Join(" ", parameters.Select(p => p.Value))} ({result})",
            Calls = [call],
            IamActions = [$"{service}:{operation}"],
            ExpectedPriorState = $"as left by {e.EventName} at {e.EventTime:u}",
            // A second revert reads this state first and skips what is already removed.
            Target = RevertTargets.Of(call),
            Undo = undo.StartsWith("none", StringComparison.Ordinal)
                ? undo
                : $"not undone by awsharden (fix undo leaves it): if the change was legitimate, call {undo} again by "
                    + "hand as the event did",
            Reason = $"undoes {e.EventName} at {e.EventTime:u}",
            EventIds = e.EventId is { } id ? [id] : [],
        };
    }

    private static PlanStep Unshare(CloudTrailEvent e, string operation, string idName, string idParameter)
    {
        var accounts = JsonPath.All(e.RequestParameters, "launchPermission", "add", "items", "userId");
        accounts = accounts.Count > 0 ? accounts : JsonPath.All(e.RequestParameters, "createVolumePermission", "add",
            "items", "userId");
        var attribute = operation == "ModifyImageAttribute" ? "launchPermission" : "createVolumePermission";
        return Api(e, "ec2", operation, "sharing removed", operation, (idName, e.RequestString(idParameter)),
            ("Attribute", attribute), ("OperationType", "remove"), ("UserIds", Join(accounts)));
    }

    private static PlanStep Manual(CloudTrailEvent e, string what) => new()
    {
        Id = "", Kind = PlanStepKind.Manual, Title = what,
        Reason = "The event: " + Quote(e),
        EventIds = e.EventId is { } id ? [id] : [],
    };

    /// <summary>A one-line quotation of the event: when, what, where, who, and the request as logged.</summary>
    public static string Quote(CloudTrailEvent e) =>
        $"{e.EventTime:u} {e.EventSource} {e.EventName} in {e.AwsRegion ?? "?"} by "
        + $"{e.UserIdentity?.Arn ?? e.UserIdentity?.Type ?? "?"} request {Compact(e.RequestParameters)}";

    private static string Compact(string? json)
    {
        if (json is null) return "null";
        var flat = string.Join(" ", json.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim()));
        return flat.Length <= 400 ? flat : flat[..400] + "…";
    }

    private static string? UserOf(CloudTrailEvent e) => e.RequestString("userName") ?? e.UserIdentity?.UserName;

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(",", values);
}
