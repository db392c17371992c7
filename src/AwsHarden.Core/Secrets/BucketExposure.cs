namespace AwsHarden.Secrets;

/// <summary>Whether a scanned bucket can be read by anyone.</summary>
public enum PublicAccess { Public, NotPublic, Unknown }

/// <summary>The public-access verdict for one bucket and what it rests on.</summary>
public sealed record BucketExposure(string Bucket, PublicAccess Public, string Evidence);
