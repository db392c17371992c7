using AwsHarden.Aws;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>The calls incident revert and containment make beyond the fixes: EC2, Auto Scaling and RDS in
/// their Query dialects, Lambda in REST-JSON and AWS Config in JSON 1.1.</summary>
public sealed partial class AwsStepExecutor
{
    public const string Ec2ApiVersion = "2016-11-15";
    public const string AutoScalingApiVersion = "2011-01-01";
    public const string RdsApiVersion = "2014-10-31";
    private const string ConfigTarget = "StarlingDoveService";

    private static readonly AwsService LambdaService = new("Lambda", "lambda", "lambda", "lambda");
    private static readonly AwsService AutoScalingService = new("Auto Scaling", "autoscaling", "autoscaling",
        "autoscaling");
    private static readonly AwsService RdsService = new("RDS", "rds", "rds", "rds");
    private static readonly AwsService ConfigService = new("Config Service", "config", "config", "config");

    // EC2 lists go flat as NAME.N, NAME being the member's query name from the model (its locationName
    // capitalised), which is not the parameter's own name.
    private static readonly Dictionary<string, string> Ec2ListNames = new(StringComparer.Ordinal)
    {
        ["InstanceIds"] = "InstanceId",
        ["SpotInstanceRequestIds"] = "SpotInstanceRequestId",
        ["SpotFleetRequestIds"] = "SpotFleetRequestId",
        ["FleetIds"] = "FleetId",
        ["SecurityGroupRuleIds"] = "SecurityGroupRuleId",
        ["UserIds"] = "UserId",
    };

    // Removing accounts from an image's or snapshot's sharing goes in the permission structure's Remove list.
    private static readonly Dictionary<string, string> SharingStructures = new(StringComparer.Ordinal)
    {
        ["ModifyImageAttribute"] = "LaunchPermission",
        ["ModifySnapshotAttribute"] = "CreateVolumePermission",
    };

    // TODO(incident): no state reads for spot requests, images, snapshots, volumes, Lambda, Auto Scaling or RDS
    // resources; a re-run repeats the call and relies on these NotFound answers.
    private static readonly Dictionary<string, string[]> ComputeDoneAlready = new(StringComparer.Ordinal)
    {
        ["ec2:TerminateInstances"] = ["InvalidInstanceID.NotFound"],
        ["ec2:CancelSpotInstanceRequests"] = ["InvalidSpotInstanceRequestID.NotFound"],
        ["ec2:CancelSpotFleetRequests"] = ["InvalidSpotFleetRequestId.NotFound"],
        ["ec2:DeleteLaunchTemplate"] = ["InvalidLaunchTemplateName.NotFoundException",
            "InvalidLaunchTemplateId.NotFound"],
        ["ec2:DeregisterImage"] = ["InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"],
        ["ec2:DeleteSnapshot"] = ["InvalidSnapshot.NotFound"],
        ["ec2:DeleteVolume"] = ["InvalidVolume.NotFound"],
        ["ec2:DeleteSecurityGroup"] = ["InvalidGroup.NotFound"],
        ["ec2:RevokeSecurityGroupIngress"] = ["InvalidSecurityGroupRuleId.NotFound"],
        ["ec2:RevokeSecurityGroupEgress"] = ["InvalidSecurityGroupRuleId.NotFound"],
        ["lambda:DeleteFunction"] = ["ResourceNotFoundException"],
        ["lambda:RemovePermission"] = ["ResourceNotFoundException"],
        ["iam:DeleteUser"] = ["NoSuchEntity"], ["iam:DeleteRole"] = ["NoSuchEntity"],
        ["iam:DeleteGroup"] = ["NoSuchEntity"], ["iam:DeletePolicy"] = ["NoSuchEntity"],
        ["iam:DeleteLoginProfile"] = ["NoSuchEntity"], ["iam:DeleteAccessKey"] = ["NoSuchEntity"],
        ["iam:DeactivateMFADevice"] = ["NoSuchEntity"], ["iam:DeleteVirtualMFADevice"] = ["NoSuchEntity"],
        ["iam:DeleteSigningCertificate"] = ["NoSuchEntity"], ["iam:DeleteSSHPublicKey"] = ["NoSuchEntity"],
        ["iam:DeleteServiceSpecificCredential"] = ["NoSuchEntity"], ["iam:DetachUserPolicy"] = ["NoSuchEntity"],
        ["iam:DetachRolePolicy"] = ["NoSuchEntity"], ["iam:DetachGroupPolicy"] = ["NoSuchEntity"],
        ["iam:DeleteGroupPolicy"] = ["NoSuchEntity"], ["iam:RemoveUserFromGroup"] = ["NoSuchEntity"],
        ["iam:RemoveRoleFromInstanceProfile"] = ["NoSuchEntity"], ["iam:DeletePolicyVersion"] = ["NoSuchEntity"],
        ["iam:DeleteInstanceProfile"] = ["NoSuchEntity"],
    };

    /// <summary>The compute services' calls; null when <paramref name="call"/> is not one of them.</summary>
    private Task? SendComputeAsync(string region, ApiCall call, CancellationToken ct) => call.Service switch
    {
        "ec2" => Query(AwsService.Ec2, Ec2ApiVersion, region, call with { Parameters = Ec2Parameters(call) }, ct),
        "autoscaling" => Query(AutoScalingService, AutoScalingApiVersion, region, call, ct),
        "rds" => Query(RdsService, RdsApiVersion, region, call with { Parameters = RdsParameters(call) }, ct),
        "lambda" => RestJson(LambdaService, region, call, ct),
        "config" => Json(ConfigService, ConfigTarget, region, call, ct),
        _ => null,
    };

    /// <summary>The parameters of an EC2 call as they go on the wire: comma-separated lists (as the revert
    /// rules write them) become <c>Name.1</c>, <c>Name.2</c>…; account lists of a sharing change become
    /// <c>LaunchPermission.Remove.N.UserId</c> (or <c>CreateVolumePermission…</c>).</summary>
    internal static IReadOnlyDictionary<string, string> Ec2Parameters(ApiCall call)
    {
        var sharing = SharingStructures.GetValueOrDefault(call.Operation);
        var remove = sharing is not null && call.Parameters.GetValueOrDefault("OperationType") == "remove";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in call.Parameters)
        {
            if (remove && name is "Attribute" or "OperationType")
                continue;
            if (!Ec2ListNames.TryGetValue(name, out var member))
            {
                result[name] = value;
                continue;
            }

            var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < items.Length; i++)
            {
                var wireName = remove && name == "UserIds" ? $"{sharing}.Remove.{i + 1}.UserId" : $"{member}.{i + 1}";
                result[wireName] = items[i];
            }
        }

        return result;
    }

    /// <summary>RDS lists are wrapped: <c>ValuesToRemove.AttributeValue.N</c>.</summary>
    internal static IReadOnlyDictionary<string, string> RdsParameters(ApiCall call)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in call.Parameters)
        {
            if (name is not ("ValuesToAdd" or "ValuesToRemove"))
            {
                result[name] = value;
                continue;
            }

            var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < items.Length; i++)
                result[$"{name}.AttributeValue.{i + 1}"] = items[i];
        }

        return result;
    }
}
