#!/usr/bin/env python3
"""Writes the synthetic CloudTrail logs of examples/incident (run from this folder; output is committed).

The story: the access key of CI user ci-deploy leaks. The attacker creates user backup-svc with admin
rights, a key and a console password for it; with that key creates and assumes role ops-automation; the
role session starts GPU instances in two regions and reads a secret; later someone signs in to the console
as backup-svc and opens SSH to the world. Around it: ordinary activity of other users and AWS services.
"""
import gzip, json, os, uuid, random

ACCOUNT = "111122223333"
LEAKED = "AKIAIOSFODNN7EXAMPLE"
BACKDOOR_KEY = "AKIAI44QH8DHBEXAMPLE"
ROLE_KEY = "ASIAY34FZKBOKMUTVV7A"
CONSOLE_KEY = "ASIAQNZGKIQY56JQ7WML"
ALICE_KEY = "AKIAJQ4ZTLXEXAMPLE01"
ATTACKER_IP, CONSOLE_IP, OFFICE_IP = "203.0.113.45", "198.51.100.7", "192.0.2.10"
random.seed(4)


def user(name, key):
    return {"type": "IAMUser", "principalId": "AIDA" + name.upper().replace("-", "")[:12].ljust(12, "X"),
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "accountId": ACCOUNT, "accessKeyId": key,
            "userName": name}


def role_session(role, session, key, created):
    return {"type": "AssumedRole", "principalId": f"AROAEXAMPLEROLEID01:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}", "accountId": ACCOUNT,
            "accessKeyId": key, "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEROLEID01",
                                  "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}", "accountId": ACCOUNT,
                                  "userName": role},
                "attributes": {"creationDate": created, "mfaAuthenticated": "false"}}}


def event(time, source, name, who, region="us-east-1", ip=ATTACKER_IP, agent="aws-cli/2.15.30 Python/3.11.8",
          request=None, response=None, error=None, read_only=False, **extra):
    e = {"eventVersion": "1.09", "userIdentity": who, "eventTime": time, "eventSource": source,
         "eventName": name, "awsRegion": region, "sourceIPAddress": ip, "userAgent": agent,
         "requestParameters": request, "responseElements": response, "requestID": str(uuid.uuid4()),
         "eventID": str(uuid.UUID(int=random.getrandbits(128))), "readOnly": read_only,
         "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": ACCOUNT,
         "eventCategory": "Management"}
    if error:
        e["errorCode"], e["errorMessage"] = error, "User is not authorized to perform this operation"
    e.update(extra)
    return e


def attack():
    ci, svc = user("ci-deploy", LEAKED), user("backup-svc", BACKDOOR_KEY)
    ops = role_session("ops-automation", "maint", ROLE_KEY, "2024-08-01T09:12:00Z")
    console = dict(user("backup-svc", CONSOLE_KEY))
    console["sessionContext"] = {"sessionIssuer": {}, "attributes": {"creationDate": "2024-08-01T09:20:00Z",
                                                                     "mfaAuthenticated": "false"}}
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    return [
        event("2024-08-01T09:00:05Z", "sts.amazonaws.com", "GetCallerIdentity", ci, read_only=True),
        event("2024-08-01T09:01:10Z", "iam.amazonaws.com", "ListUsers", ci, read_only=True),
        event("2024-08-01T09:02:30Z", "cloudtrail.amazonaws.com", "StopLogging", ci,
              request={"name": "management-events"}, error="AccessDenied"),
        event("2024-08-01T09:03:00Z", "iam.amazonaws.com", "CreateUser", ci, request={"userName": "backup-svc"},
              response={"user": {"userName": "backup-svc", "userId": "AIDAEXAMPLEBACKUPSVC",
                                 "arn": f"arn:aws:iam::{ACCOUNT}:user/backup-svc",
                                 "createDate": "Aug 1, 2024 9:03:00 AM", "path": "/"}}),
        event("2024-08-01T09:03:20Z", "iam.amazonaws.com", "AttachUserPolicy", ci,
              request={"userName": "backup-svc", "policyArn": admin}),
        event("2024-08-01T09:04:00Z", "iam.amazonaws.com", "CreateAccessKey", ci, request={"userName": "backup-svc"},
              response={"accessKey": {"accessKeyId": BACKDOOR_KEY, "status": "Active", "userName": "backup-svc",
                                      "createDate": "Aug 1, 2024 9:04:00 AM"}}),
        event("2024-08-01T09:05:00Z", "iam.amazonaws.com", "CreateLoginProfile", ci,
              request={"userName": "backup-svc", "passwordResetRequired": False},
              response={"loginProfile": {"userName": "backup-svc", "passwordResetRequired": False,
                                         "createDate": "Aug 1, 2024 9:05:00 AM"}}),
        event("2024-08-01T09:10:00Z", "iam.amazonaws.com", "CreateRole", svc, agent="Boto3/1.34.0",
              request={"roleName": "ops-automation", "assumeRolePolicyDocument": json.dumps({
                  "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                          "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}]})},
              response={"role": {"roleName": "ops-automation", "roleId": "AROAEXAMPLEROLEID01", "path": "/",
                                 "arn": f"arn:aws:iam::{ACCOUNT}:role/ops-automation",
                                 "createDate": "Aug 1, 2024 9:10:00 AM"}}),
        event("2024-08-01T09:10:30Z", "iam.amazonaws.com", "AttachRolePolicy", svc, agent="Boto3/1.34.0",
              request={"roleName": "ops-automation", "policyArn": admin}),
        event("2024-08-01T09:12:00Z", "sts.amazonaws.com", "AssumeRole", svc, agent="Boto3/1.34.0",
              request={"roleArn": f"arn:aws:iam::{ACCOUNT}:role/ops-automation", "roleSessionName": "maint"},
              response={"credentials": {"accessKeyId": ROLE_KEY, "sessionToken": "FwoGZXIvYXdzEXAMPLETOKEN",
                                        "expiration": "Aug 1, 2024 10:12:00 AM"},
                        "assumedRoleUser": {"assumedRoleId": "AROAEXAMPLEROLEID01:maint",
                                            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/ops-automation/maint"}},
              read_only=True),
        event("2024-08-01T09:14:00Z", "ec2.amazonaws.com", "ImportKeyPair", ops, agent="Boto3/1.34.0",
              request={"keyName": "maint", "publicKeyMaterial": "<sensitiveDataRemoved>"},
              response={"keyName": "maint", "keyPairId": "key-0a1b2c3d4e5f67890"}),
        event("2024-08-01T09:15:00Z", "ec2.amazonaws.com", "RunInstances", ops, agent="Boto3/1.34.0",
              request={"instanceType": "p3.16xlarge", "instancesSet": {"items": [{"imageId": "ami-0abcdef1234567890",
                                                                                  "minCount": 4, "maxCount": 4}]}},
              response={"instancesSet": {"items": [{"instanceId": f"i-0aa11bb22cc33dd4{i}",
                                                    "instanceType": "p3.16xlarge"} for i in range(4)]}}),
        event("2024-08-01T09:16:00Z", "ec2.amazonaws.com", "RunInstances", ops, region="eu-west-1",
              agent="Boto3/1.34.0", request={"instanceType": "p3.16xlarge"},
              response={"instancesSet": {"items": [{"instanceId": f"i-0ee55ff66aa77bb8{i}",
                                                    "instanceType": "p3.16xlarge"} for i in range(2)]}}),
        event("2024-08-01T09:17:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", ops, agent="Boto3/1.34.0",
              request={"secretId": "prod/db/master"}, read_only=True),
        event("2024-08-01T09:18:00Z", "ec2.amazonaws.com", "RunInstances", ops, region="ap-southeast-1",
              agent="Boto3/1.34.0", request={"instanceType": "p3.16xlarge"}, error="Client.UnauthorizedOperation"),
        event("2024-08-01T09:20:00Z", "signin.amazonaws.com", "ConsoleLogin", {k: v for k, v in svc.items()
                                                                              if k != "accessKeyId"},
              ip=CONSOLE_IP, agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
              response={"ConsoleLogin": "Success"}, eventType="AwsConsoleSignIn",
              additionalEventData={"MFAUsed": "No", "LoginTo": "https://console.aws.amazon.com/"}),
        event("2024-08-01T09:22:00Z", "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", console, ip=CONSOLE_IP,
              agent="console.ec2.amazonaws.com", sessionCredentialFromConsole="true",
              request={"groupId": "sg-0123456789abcdef0", "ipPermissions": {"items": [
                  {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                   "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}},
              response={"_return": True, "securityGroupRuleSet": {"items": [
                  {"securityGroupRuleId": "sgr-0fedcba9876543210", "groupId": "sg-0123456789abcdef0"}]}}),
    ]


def noise():
    alice = user("alice", ALICE_KEY)
    web = role_session("web-server", "i-0123456789abcdef0", "ASIAEXAMPLEWEBSRV001", "2024-08-01T08:00:00Z")
    out = []
    for minute in range(0, 60, 3):
        t = f"2024-08-01T09:{minute:02d}:{random.randint(0, 59):02d}Z"
        out.append(event(t, "ec2.amazonaws.com", "DescribeInstances", alice, ip=OFFICE_IP, read_only=True,
                         request={"instancesSet": {}, "filterSet": {}}))
        out.append(event(t, "s3.amazonaws.com", "ListBuckets", web, ip="10.0.1.25", read_only=True))
        out.append(event(t, "sts.amazonaws.com", "AssumeRole",
                         {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}, ip="ec2.amazonaws.com",
                         agent="ec2.amazonaws.com", read_only=True,
                         request={"roleArn": f"arn:aws:iam::{ACCOUNT}:role/web-server",
                                  "roleSessionName": "i-0123456789abcdef0"},
                         response={"credentials": {"accessKeyId": "ASIAEXAMPLEWEBSRV001",
                                                   "expiration": "Aug 1, 2024 3:00:00 PM"}}))
    out.append(event("2024-08-01T09:30:00Z", "kms.amazonaws.com", "Decrypt",
                     {"type": "AWSService", "invokedBy": "secretsmanager.amazonaws.com"},
                     ip="secretsmanager.amazonaws.com", agent="secretsmanager.amazonaws.com", read_only=True,
                     request=None))
    return out


def write(events):
    by_file = {}
    for e in events:
        stamp = e["eventTime"][:16].replace("-", "").replace(":", "")  # 20240801T0905
        minute = int(stamp[-2:]) // 5 * 5
        key = (e["awsRegion"], f"{stamp[:-2]}{minute:02d}Z")
        by_file.setdefault(key, []).append(e)
    for (region, stamp), records in sorted(by_file.items()):
        folder = os.path.join("AWSLogs", ACCOUNT, "CloudTrail", region, "2024", "08", "01")
        os.makedirs(folder, exist_ok=True)
        name = f"{ACCOUNT}_CloudTrail_{region}_{stamp}_{uuid.UUID(int=random.getrandbits(128)).hex[:16]}.json.gz"
        with gzip.GzipFile(os.path.join(folder, name), "wb", mtime=0) as f:
            f.write(json.dumps({"Records": records}).encode())
    digest = os.path.join("AWSLogs", ACCOUNT, "CloudTrail-Digest", "us-east-1", "2024", "08", "01")
    os.makedirs(digest, exist_ok=True)
    with gzip.GzipFile(os.path.join(digest, f"{ACCOUNT}_CloudTrail-Digest_us-east-1_20240801T100000Z.json.gz"),
                       "wb", mtime=0) as f:
        f.write(json.dumps({"awsAccountId": ACCOUNT, "digestStartTime": "2024-08-01T09:00:00Z",
                            "digestEndTime": "2024-08-01T10:00:00Z", "logFiles": []}).encode())


if __name__ == "__main__":
    write(attack() + noise())
