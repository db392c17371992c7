namespace AwsHarden.FakeAws.State;

/// <summary>A spot instance request: open until fulfilled (active) or cancelled.</summary>
public sealed class FakeSpotRequest
{
    public required string Region { get; init; }
    public required string SpotInstanceRequestId { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public string InstanceType { get; init; } = "p3.2xlarge";
    /// <summary>open, active, closed, cancelled or failed.</summary>
    public string State { get; set; } = "active";
    public string? InstanceId { get; set; }
}

/// <summary>A spot fleet request.</summary>
public sealed class FakeSpotFleet
{
    public required string Region { get; init; }
    public required string SpotFleetRequestId { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    /// <summary>active, cancelled_running, cancelled_terminating, cancelled…</summary>
    public string State { get; set; } = "active";
}

/// <summary>An AMI owned by the account, with the accounts (or <c>all</c>) it is shared with.</summary>
public sealed class FakeImage
{
    public required string Region { get; init; }
    public required string ImageId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreationDate { get; init; }
    /// <summary>available, pending or deregistered.</summary>
    public string State { get; set; } = "available";
    /// <summary>The snapshots behind the image's block devices.</summary>
    public List<string> SnapshotIds { get; } = [];
    /// <summary>Account ids, or <c>all</c> for a public image.</summary>
    public List<string> LaunchPermissions { get; } = [];
}

/// <summary>An EBS volume, attached to at most one instance.</summary>
public sealed class FakeVolume
{
    public required string Region { get; init; }
    public required string VolumeId { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public int Size { get; init; } = 8;
    public string? SnapshotId { get; init; }
    public string? AttachedInstanceId { get; set; }
    /// <summary>A root volume made at launch goes with its instance, as EC2's default for them.</summary>
    public bool DeleteOnTermination { get; init; }

    public string State => AttachedInstanceId is null ? "available" : "in-use";
}

/// <summary>An EBS snapshot owned by the account, with the accounts (or <c>all</c>) that may use it.</summary>
public sealed class FakeSnapshot
{
    public required string Region { get; init; }
    public required string SnapshotId { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public string VolumeId { get; init; } = "vol-ffffffff";
    public int VolumeSize { get; init; } = 8;
    public List<string> CreateVolumePermissions { get; } = [];
}

public sealed record FakeKeyPair(string Region, string KeyName, string KeyPairId, DateTimeOffset CreateTime);

/// <summary>A security group and its rules, each with the id RevokeSecurityGroupIngress can name.</summary>
public sealed class FakeSecurityGroup
{
    public required string Region { get; init; }
    public required string GroupId { get; init; }
    public required string GroupName { get; init; }
    public string Description { get; init; } = "";
    public string VpcId { get; init; } = "vpc-0a1b2c3d";
    public List<FakeSecurityGroupRule> Rules { get; } = [];
}

public sealed record FakeSecurityGroupRule(
    string SecurityGroupRuleId,
    bool IsEgress,
    string IpProtocol,
    int FromPort,
    int ToPort,
    string CidrIpv4);

/// <summary>A Lambda function; <see cref="Permissions"/> are the resource policy's statements by Sid.</summary>
public sealed class FakeLambdaFunction
{
    public required string Region { get; init; }
    public required string FunctionName { get; init; }
    public required DateTimeOffset LastModified { get; set; }
    public string Runtime { get; init; } = "python3.12";
    public string Role { get; init; } = "";
    public string Handler { get; init; } = "index.handler";
    public Dictionary<string, string> Permissions { get; } = [];

    public string Arn(FakeAccount account) =>
        $"arn:{account.Partition}:lambda:{Region}:{account.AccountId}:function:{FunctionName}";
}
