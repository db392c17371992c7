namespace AwsHarden.Incident;

/// <summary>
/// Role sessions that AWS services start (<c>AssumeRole</c> by an <c>AWSService</c> identity: Lambda, EC2,
/// ECS…). A busy account logs hundreds of thousands of them and they matter only for roles that join the
/// lineage, so the first pass keeps none: it notes per file which roles services assumed (token
/// <c>s:ROLE</c>), and the files of a role are read again for its sessions once the role joins.
/// </summary>
public static class ServiceSessions
{
    /// <summary>The role name when <paramref name="e"/> is a successful service-issued role session.</summary>
    public static string? RoleOf(CloudTrailEvent e)
    {
        if (e.EventName != "AssumeRole" || e.UserIdentity?.Type != "AWSService" || e.Failed) return null;
        return e.RequestString("roleArn") is { } arn ? LineageGraph.RoleName(arn) : null;
    }

    /// <summary>The file token saying services assumed this role there.</summary>
    public static string Token(string roleName) => "s:" + roleName;
}
