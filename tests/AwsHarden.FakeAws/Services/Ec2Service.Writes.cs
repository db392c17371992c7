using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>EC2 compute writes, as incident revert sends them, with EC2's own error codes.</summary>
internal sealed partial class Ec2Service
{
    private void OnComputeWrites()
    {
        On("RunInstances", RunInstances);
        On("TerminateInstances", TerminateInstances);
        On("CancelSpotInstanceRequests", CancelSpotInstanceRequests);
        On("CancelSpotFleetRequests", CancelSpotFleetRequests);
        On("DeregisterImage", DeregisterImage);
        On("DeleteSnapshot", DeleteSnapshot);
        On("DeleteVolume", DeleteVolume);
        On("DeleteKeyPair", DeleteKeyPair);
        On("ModifyImageAttribute", ModifyImageAttribute);
        On("ModifySnapshotAttribute", ModifySnapshotAttribute);
        On("RevokeSecurityGroupIngress", RevokeSecurityGroupIngress);
        On("DeleteSecurityGroup", DeleteSecurityGroup);
    }

    private static FakeResult RunInstances(FakeRequest r)
    {
        var image = r.RequireParam("ImageId");
        var count = r.IntParam("MinCount") ?? 1;
        var now = r.Time.GetUtcNow();
        var launched = Enumerable.Range(0, Math.Max(1, count)).Select(n => new FakeInstance
        {
            Region = r.Region,
            InstanceId = "i-" + FakeIds.Hex($"{r.Region}{now.Ticks}{r.Account.Instances.Count}{n}", 17),
            InstanceType = r.Param("InstanceType") ?? "m1.small",
            ImageId = image,
            LaunchTime = now,
            State = "pending",
        }).ToList();
        r.Account.Instances.AddRange(launched);
        return XmlResult.Of(
            new XElement("reservationId", "r-" + FakeIds.Hex(launched[0].InstanceId, 17)),
            new XElement("ownerId", r.Account.AccountId),
            new XElement("groupSet"),
            Items("instancesSet", launched.Select(i => Instance(r.Account, i))));
    }

    private static FakeResult TerminateInstances(FakeRequest r)
    {
        var ids = RequireList(r, "InstanceId");
        var instances = ids.Select(id => r.Account.Instances.Find(i => i.Region == r.Region && i.InstanceId == id)
            ?? throw new AwsErrorException("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist"))
            .ToList();
        var changes = instances.Select(i =>
        {
            var previous = State(i);
            i.State = "terminated";
            r.Account.Volumes.RemoveAll(v => v.AttachedInstanceId == i.InstanceId && v.DeleteOnTermination);
            foreach (var volume in r.Account.Volumes.Where(v => v.AttachedInstanceId == i.InstanceId))
            {
                volume.AttachedInstanceId = null;
            }

            return new object[]
            {
                new XElement("instanceId", i.InstanceId),
                new XElement("currentState", State(i).Nodes()),
                new XElement("previousState", previous.Nodes()),
            };
        }).ToList();
        return XmlResult.Of(Items("instancesSet", changes));
    }

    private static XElement State(FakeInstance i) =>
        new("state", new XElement("code", i.StateCode), new XElement("name", i.State));

    private static FakeResult CancelSpotInstanceRequests(FakeRequest r)
    {
        var ids = RequireList(r, "SpotInstanceRequestId");
        var requests = ids.Select(id => r.Account.SpotRequests.Find(s => s.Region == r.Region
                && s.SpotInstanceRequestId == id)
            ?? throw new AwsErrorException("InvalidSpotInstanceRequestID.NotFound",
                $"The spot instance request ID '{id}' does not exist")).ToList();
        foreach (var request in requests)
        {
            // Cancelling leaves a launched instance running, as in AWS: it must be terminated on its own.
            request.State = "cancelled";
        }

        return XmlResult.Of(Items("spotInstanceRequestSet", requests.Select(s => new object[]
        {
            new XElement("spotInstanceRequestId", s.SpotInstanceRequestId), new XElement("state", s.State),
        })));
    }

    private static FakeResult CancelSpotFleetRequests(FakeRequest r)
    {
        var ids = RequireList(r, "SpotFleetRequestId");
        var terminate = r.BoolParam("TerminateInstances")
            ?? throw new AwsErrorException("MissingParameter",
                "The request must contain the parameter TerminateInstances");
        var done = new List<object>();
        var failed = new List<object>();
        foreach (var id in ids)
        {
            var fleet = r.Account.SpotFleets.Find(f => f.Region == r.Region && f.SpotFleetRequestId == id);
            if (fleet is null || fleet.State.StartsWith("cancelled", StringComparison.Ordinal))
            {
                failed.Add(new object[]
                {
                    new XElement("spotFleetRequestId", id),
                    new XElement("error", new XElement("code", "fleetRequestIdDoesNotExist"),
                        new XElement("message", $"The spot fleet request ID '{id}' does not exist")),
                });
                continue;
            }

            var previous = fleet.State;
            fleet.State = terminate ? "cancelled_terminating" : "cancelled_running";
            done.Add(new object[]
            {
                new XElement("spotFleetRequestId", id),
                new XElement("currentSpotFleetRequestState", fleet.State),
                new XElement("previousSpotFleetRequestState", previous),
            });
        }

        return XmlResult.Of(Items("successfulFleetRequestSet", done), Items("unsuccessfulFleetRequestSet", failed));
    }

    private static FakeResult DeregisterImage(FakeRequest r)
    {
        FindImage(r, r.RequireParam("ImageId")).State = "deregistered";
        return Return();
    }

    private static FakeResult DeleteSnapshot(FakeRequest r)
    {
        var snapshot = FindSnapshot(r, r.RequireParam("SnapshotId"));
        var user = r.Account.Images.Find(i => i.State != "deregistered" && i.SnapshotIds.Contains(snapshot.SnapshotId));
        if (user is not null)
        {
            throw new AwsErrorException("InvalidSnapshot.InUse",
                $"The snapshot {snapshot.SnapshotId} is currently in use by {user.ImageId}");
        }

        r.Account.Snapshots.Remove(snapshot);
        return Return();
    }

    private static FakeResult DeleteVolume(FakeRequest r)
    {
        var id = r.RequireParam("VolumeId");
        var volume = r.Account.Volumes.Find(v => v.Region == r.Region && v.VolumeId == id)
            ?? throw new AwsErrorException("InvalidVolume.NotFound", $"The volume '{id}' does not exist.");
        if (volume.AttachedInstanceId is not null)
        {
            throw new AwsErrorException("VolumeInUse", $"Volume {id} is currently attached to "
                + volume.AttachedInstanceId);
        }

        r.Account.Volumes.Remove(volume);
        return Return();
    }

    private static FakeResult DeleteKeyPair(FakeRequest r)
    {
        var name = r.Param("KeyName");
        var id = r.Param("KeyPairId");
        if (name is null && id is null)
        {
            throw new AwsErrorException("MissingParameter", "The request must contain the parameter KeyName");
        }

        var key = r.Account.KeyPairs.Find(k => k.Region == r.Region && (k.KeyName == name || k.KeyPairId == id));
        // By name, EC2 succeeds for a key that does not exist; by id, it says so.
        if (key is null && id is not null)
        {
            throw new AwsErrorException("InvalidKeyPair.NotFound", $"The key pair '{id}' does not exist");
        }

        if (key is not null)
        {
            r.Account.KeyPairs.Remove(key);
        }

        return Return();
    }

    private static FakeResult ModifyImageAttribute(FakeRequest r)
    {
        var image = FindImage(r, r.RequireParam("ImageId"));
        Modify(r, image.LaunchPermissions, "LaunchPermission", "launchPermission");
        return XmlResult.Empty;
    }

    private static FakeResult ModifySnapshotAttribute(FakeRequest r)
    {
        var snapshot = FindSnapshot(r, r.RequireParam("SnapshotId"));
        Modify(r, snapshot.CreateVolumePermissions, "CreateVolumePermission", "createVolumePermission");
        return XmlResult.Empty;
    }

    /// <summary>Both spellings AWS accepts: <c>LaunchPermission.Remove.N.UserId</c> and the older
    /// <c>OperationType=remove</c> with <c>UserId.N</c> / <c>UserGroup.N</c>.</summary>
    private static void Modify(FakeRequest r, List<string> permissions, string structure, string attribute)
    {
        if (r.Param("Attribute") is { } named && named != attribute)
        {
            throw new AwsErrorException("InvalidParameterValue",
                $"Value ({named}) for parameter attribute is invalid.");
        }

        var add = Permissions(r, $"{structure}.Add").ToList();
        var remove = Permissions(r, $"{structure}.Remove").ToList();
        var legacy = r.ListParam("UserId").Concat(r.ListParam("UserGroup")).ToList();
        switch (r.Param("OperationType"))
        {
            case "add":
                add.AddRange(legacy);
                break;
            case "remove":
                remove.AddRange(legacy);
                break;
        }

        if (add.Count == 0 && remove.Count == 0)
        {
            throw new AwsErrorException("MissingParameter", $"No {attribute} modification was given.");
        }

        permissions.RemoveAll(remove.Contains);
        permissions.AddRange(add.Where(a => !permissions.Contains(a)));
    }

    private static IEnumerable<string> Permissions(FakeRequest r, string prefix)
    {
        for (var n = 1; ; n++)
        {
            var who = r.Param($"{prefix}.{n}.UserId") ?? r.Param($"{prefix}.{n}.Group");
            if (who is null)
            {
                yield break;
            }

            yield return who;
        }
    }

    private static FakeResult RevokeSecurityGroupIngress(FakeRequest r)
    {
        var group = FindGroup(r, r.RequireParam("GroupId"));
        var ids = RequireList(r, "SecurityGroupRuleId");
        var rules = ids.Select(id => group.Rules.Find(x => x.SecurityGroupRuleId == id && !x.IsEgress)
            ?? throw new AwsErrorException("InvalidSecurityGroupRuleId.NotFound",
                $"The security group rule ID '{id}' does not exist")).ToList();
        group.Rules.RemoveAll(rules.Contains);
        return XmlResult.Of(new XElement("return", "true"));
    }

    private static FakeResult DeleteSecurityGroup(FakeRequest r)
    {
        var group = FindGroup(r, r.RequireParam("GroupId"));
        if (group.GroupName == "default")
        {
            throw new AwsErrorException("CannotDelete", "the specified group: \"" + group.GroupId
                + "\" name: \"default\" cannot be deleted by a user");
        }

        r.Account.SecurityGroups.Remove(group);
        return XmlResult.Of(new XElement("return", "true"), new XElement("groupId", group.GroupId));
    }

    private static FakeImage FindImage(FakeRequest r, string id) =>
        r.Account.Images.Find(i => i.Region == r.Region && i.ImageId == id && i.State != "deregistered")
        ?? throw new AwsErrorException("InvalidAMIID.NotFound", $"The image id '[{id}]' does not exist");

    private static FakeSnapshot FindSnapshot(FakeRequest r, string id) =>
        r.Account.Snapshots.Find(s => s.Region == r.Region && s.SnapshotId == id)
        ?? throw new AwsErrorException("InvalidSnapshot.NotFound", $"The snapshot '{id}' does not exist.");

    private static FakeSecurityGroup FindGroup(FakeRequest r, string id) =>
        r.Account.SecurityGroups.Find(g => g.Region == r.Region && g.GroupId == id)
        ?? throw new AwsErrorException("InvalidGroup.NotFound", $"The security group '{id}' does not exist");

    private static IReadOnlyList<string> RequireList(FakeRequest r, string prefix)
    {
        var values = r.ListParam(prefix);
        return values.Count > 0
            ? values
            : throw new AwsErrorException("MissingParameter", $"The request must contain the parameter {prefix}");
    }

    private static XmlResult Return() => XmlResult.Of(new XElement("return", "true"));
}
