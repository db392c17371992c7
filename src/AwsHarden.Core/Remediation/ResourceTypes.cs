namespace AwsHarden.Remediation;

/// <summary>
/// The resource types fix steps read and change, with the attributes an executor reports for each. Booleans
/// are <c>true</c>/<c>false</c>, numbers invariant, dates ISO 8601 UTC (<c>2025-01-31T12:00:00Z</c>).
/// </summary>
public static class ResourceTypes
{
    /// <summary>Id <c>account</c>. MinimumPasswordLength, RequireSymbols, RequireNumbers,
    /// RequireUppercaseCharacters, RequireLowercaseCharacters, AllowUsersToChangePassword, MaxPasswordAge,
    /// PasswordReusePrevention, HardExpiry (from GetAccountPasswordPolicy).</summary>
    public const string PasswordPolicy = "iam:password-policy";

    /// <summary>Id = bucket name. PublicAccessBlocked (all four settings true), Encryption (SSEAlgorithm),
    /// CloudTrailPolicy (true when the policy is the one the step writes: compare PolicySha256).</summary>
    public const string Bucket = "s3:bucket";

    /// <summary>Id = trail name, region = its home region. IsMultiRegionTrail, LogFileValidationEnabled,
    /// S3BucketName, ReadWriteType (of the management-event selector), InsightTypes (sorted, comma-joined),
    /// InsightSelectors (the JSON array, <c>[]</c> when none), IsLogging.</summary>
    public const string Trail = "cloudtrail:trail";

    /// <summary>Id = region. DetectorId, Status (ENABLED or DISABLED).</summary>
    public const string Detector = "guardduty:detector";

    /// <summary>Id = analyzer name, region. Arn, Type, Status.</summary>
    public const string Analyzer = "access-analyzer:analyzer";

    /// <summary>Id = monitor name. MonitorArn, MonitorType, MonitorDimension.</summary>
    public const string AnomalyMonitor = "ce:anomaly-monitor";

    /// <summary>Id = subscription name. SubscriptionArn, Frequency, Threshold, Subscriber.</summary>
    public const string AnomalySubscription = "ce:anomaly-subscription";

    /// <summary>Id = topic name, region. TopicArn.</summary>
    public const string Topic = "sns:topic";

    /// <summary>Id = <c>TOPICNAME|protocol:endpoint</c>, region. SubscriptionArn (may read
    /// <c>pending confirmation</c>).</summary>
    public const string Subscription = "sns:subscription";

    /// <summary>Id = alarm name, region us-east-1. Namespace, MetricName, Threshold, AlarmActions.</summary>
    public const string Alarm = "cloudwatch:alarm";

    /// <summary>Id = BILLING, OPERATIONS or SECURITY. Name, Title, EmailAddress, PhoneNumber.</summary>
    public const string AlternateContact = "account:alternate-contact";

    /// <summary>Id <c>organization</c>. OrganizationId, FeatureSet, RootId, MasterAccountId.</summary>
    public const string Organization = "organizations:organization";

    /// <summary>Id = policy type on the root (SERVICE_CONTROL_POLICY). Status (ENABLED when enabled).</summary>
    public const string PolicyType = "organizations:policy-type";

    /// <summary>Id = policy name. PolicyId, ContentSha256 (of the minified content).</summary>
    public const string Policy = "organizations:policy";

    /// <summary>Id = <c>POLICYNAME|TARGET</c> where TARGET is <c>root</c> or an account id. Attached.</summary>
    public const string PolicyAttachment = "organizations:policy-attachment";

    /// <summary>Id = <c>USER|SLOT</c>, SLOT 1 or 2 as in the credential report (keys by creation date).
    /// AccessKeyId, Status (Active or Inactive), CreateDate.</summary>
    public const string AccessKey = "iam:access-key";

    /// <summary>Id = policy name (customer managed). Arn.</summary>
    public const string ManagedPolicy = "iam:policy";

    /// <summary>Id = <c>USER|POLICYNAME</c>. Attached.</summary>
    public const string UserPolicyAttachment = "iam:user-policy-attachment";

    /// <summary>Id = user name. CreateDate (of the console password).</summary>
    public const string LoginProfile = "iam:login-profile";

    /// <summary>Id = <c>USER|ACCESSKEYID</c>: one key named by its id, for plans that know the key but not its
    /// slot. Status (Active or Inactive), CreateDate.</summary>
    public const string AccessKeyById = "iam:access-key-id";

    /// <summary>Id = <c>user|NAME|POLICYNAME</c>, <c>role|…</c> or <c>group|…</c>: an inline policy.
    /// TokenIssueTime (the <c>aws:TokenIssueTime</c> of its DateLessThan condition, empty when none),
    /// PolicySha256 (of the document as IAM returns it, URL-decoded).</summary>
    public const string InlinePolicy = "iam:inline-policy";

    /// <summary>Id = comma-separated instance ids, in the key's region. No attributes: present while any of
    /// them is not terminated or shutting down (DescribeInstances).</summary>
    public const string Ec2Instances = "ec2:instances";

    /// <summary>Id = key pair name, in the key's region (DescribeKeyPairs). No attributes.</summary>
    public const string Ec2KeyPair = "ec2:key-pair";

    /// <summary>Id = comma-separated security group rule ids, in the key's region: present while any of them
    /// exists (DescribeSecurityGroupRules). No attributes.</summary>
    public const string Ec2SecurityGroupRules = "ec2:security-group-rules";

    /// <summary>Id = user name. No attributes: whether the user exists (GetUser).</summary>
    public const string User = "iam:user";

    /// <summary>Id = role name. No attributes (GetRole).</summary>
    public const string Role = "iam:role";

    /// <summary>Id = group name. No attributes (GetGroup).</summary>
    public const string Group = "iam:group";

    /// <summary>Id = a managed policy's ARN. No attributes (GetPolicy).</summary>
    public const string ManagedPolicyArn = "iam:policy-arn";

    /// <summary>Id = <c>USER|SERIAL</c>: an MFA device enabled for a user (ListMFADevices). No attributes.
    /// </summary>
    public const string MfaDevice = "iam:mfa-device";

    /// <summary>Id = the serial number (ARN) of a virtual MFA device (ListVirtualMFADevices). No attributes.
    /// </summary>
    public const string VirtualMfaDevice = "iam:virtual-mfa-device";

    /// <summary>Id = <c>user|NAME|ARN</c>, <c>role|NAME|ARN</c> or <c>group|NAME|ARN</c>: a managed policy
    /// attached (ListAttached…Policies). No attributes; absent also when the owner is gone.</summary>
    public const string AttachedPolicy = "iam:attached-policy";

    /// <summary>Id = <c>USER|GROUP</c>: the user is a member of the group (ListGroupsForUser). No attributes.
    /// </summary>
    public const string GroupMembership = "iam:group-membership";

    /// <summary>Id = <c>PROFILE|ROLE</c>: the role is in the instance profile (ListInstanceProfilesForRole).
    /// </summary>
    public const string InstanceProfileRole = "iam:instance-profile-role";

    /// <summary>Id = recorder name, region. Recording (true/false), from
    /// DescribeConfigurationRecorderStatus.</summary>
    public const string ConfigRecorder = "config:recorder";
}
