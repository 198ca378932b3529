import { manifest } from '@grid/functions/manifest/index';
import { Match } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_ENV_KEYS } from '../lib/stateful-stack';
import { logicalId, resourcesOf, synthGrid } from './support';

afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

describe('stateful stack', () => {
  const { stateful, statefulTemplate: template } = synthGrid();
  const def = manifest.table;
  const keyId = logicalId(stateful, stateful.key);

  it('has the one table, keyed and indexed exactly as the manifest declares', () => {
    const tables = resourcesOf(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const props = tables[0]![1].Properties as Record<string, unknown>;

    expect(props.KeySchema).toEqual([
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.sortKey, KeyType: 'RANGE' },
    ]);
    const keyAttributes = new Set([
      def.partitionKey,
      def.sortKey,
      ...def.globalIndexes.flatMap((i) => [i.partitionKey, ...(i.sortKey ? [i.sortKey] : [])]),
    ]);
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining([...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(props.AttributeDefinitions).toHaveLength(keyAttributes.size);

    const indexes = props.GlobalSecondaryIndexes as { IndexName: string }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(def.globalIndexes.map((i) => i.name).sort());
    for (const index of def.globalIndexes) {
      expect(indexes.find((i) => i.IndexName === index.name)).toEqual({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' }] : []),
        ],
        Projection: { ProjectionType: index.projection },
      });
    }
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: def.ttlAttribute, Enabled: true });
    expect(props.StreamSpecification).toEqual({ StreamViewType: def.stream });
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('encrypts the table with the customer-managed key, keeps PITR, deletion protection and retains it', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('rotates and retains the key', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('has an asymmetric P-256 key that signs health passes, retained', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    });
    expect(resourcesOf(template, 'AWS::KMS::Key')).toHaveLength(2);
  });

  it('keeps the signing key, data key, hash key and WeChat secret in Secrets Manager under the key, retained', () => {
    const secrets = resourcesOf(template, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(Object.keys(SECRET_ENV_KEYS).length);
    const envNames = new Set<string>();
    for (const [, secret] of secrets) {
      expect(secret.DeletionPolicy).toBe('Retain');
      const props = secret.Properties as {
        KmsKeyId: unknown;
        GenerateSecretString: { SecretStringTemplate: string; GenerateStringKey: string };
      };
      expect(props.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      const generated = props.GenerateSecretString;
      for (const name of [
        ...Object.keys(JSON.parse(generated.SecretStringTemplate)),
        generated.GenerateStringKey,
      ]) {
        envNames.add(name);
      }
    }
    expect([...envNames].sort()).toEqual(Object.values(SECRET_ENV_KEYS).flat().sort());
  });

  it('lets CloudWatch alarms use the key for the encrypted alarm topic, and nothing else outside the account', () => {
    const [, key] = resourcesOf(template, 'AWS::KMS::Key')[0]!;
    const statements = (
      key.Properties as { KeyPolicy: { Statement: { Principal: unknown; Action: unknown }[] } }
    ).KeyPolicy.Statement;
    const servicePrincipals = statements.flatMap((s) => {
      const principal = s.Principal as { Service?: string };
      return principal.Service ? [principal.Service] : [];
    });
    expect(servicePrincipals).toEqual(['cloudwatch.amazonaws.com']);
  });
});
