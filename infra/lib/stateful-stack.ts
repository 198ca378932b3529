/**
 * What must outlive every deployment: the single table (exactly as the manifest declares it),
 * its customer-managed key, and the secrets. Everything here is retained when the stack is
 * deleted; the table also has deletion protection.
 */
import type { TableDefinition } from '@grid/functions/manifest/types';
import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { StageConfig } from './stages';

export interface StatefulStackProps extends StackProps {
  stage: StageConfig;
  table: TableDefinition;
}

/** The secrets functions load at cold start; each holds a JSON object of environment names → values. */
export interface AppSecrets {
  tokenSigningKey: Secret;
  dataKey: Secret;
  hashKey: Secret;
  weChat: Secret;
}

/** Environment names each secret carries (functions/src/config.ts reads them). */
export const SECRET_ENV_KEYS = {
  tokenSigningKey: ['TOKEN_SIGNING_KEY'],
  dataKey: ['DATA_KEY'],
  hashKey: ['HASH_KEY'],
  weChat: ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
} as const satisfies Record<keyof AppSecrets, readonly string[]>;

/** Placeholder until an operator stores the real AppID (docs/deploy.md, "Secrets"). */
export const WECHAT_APP_ID_PLACEHOLDER = 'unset';

export class StatefulStack extends Stack {
  readonly key: Key;
  /** Signs health passes (ECDSA P-256); an asymmetric key has no automatic rotation (docs/deploy.md). */
  readonly passKey: Key;
  readonly table: Table;
  readonly secrets: AppSecrets;
  private readonly stageConfig: StageConfig;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage, table: def } = props;
    this.stageConfig = stage;

    this.key = new Key(this, 'DataKey', {
      alias: `alias/grid-${stage.name}`,
      description: `grid ${stage.name}: table, stream, secrets and alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted alarm topic (stateless stack) with this key.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.passKey = new Key(this, 'PassSigningKey', {
      alias: `alias/grid-${stage.name}-pass-signing`,
      description: `grid ${stage.name}: signs health passes (ECDSA P-256, ES256)`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
      tableName: `grid-${stage.name}`,
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      stream: StreamViewType[def.stream],
      timeToLiveAttribute: def.ttlAttribute,
    });
    for (const index of def.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.STRING } } : {}),
        projectionType: ProjectionType[index.projection],
      });
    }

    this.secrets = {
      // HS256 signing key: 64 random characters.
      tokenSigningKey: this.generatedSecret('TokenSigningKey', 'token-signing-key', 'TOKEN_SIGNING_KEY', 64),
      // 43 characters of the base64 alphabet decode to exactly 32 bytes (AES-256 / HMAC-SHA-256 keys).
      dataKey: this.generatedSecret('DataEncryptionKey', 'data-key', 'DATA_KEY', 43),
      hashKey: this.generatedSecret('HashKey', 'hash-key', 'HASH_KEY', 43),
      weChat: new Secret(this, 'WeChat', {
        secretName: `grid/${stage.name}/wechat`,
        description:
          'WeChat mini program AppID and AppSecret: set both with put-secret-value after the first deploy',
        encryptionKey: this.key,
        removalPolicy: RemovalPolicy.RETAIN,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ WECHAT_APP_ID: WECHAT_APP_ID_PLACEHOLDER }),
          generateStringKey: 'WECHAT_APP_SECRET',
          excludePunctuation: true,
          passwordLength: 32,
        },
      }),
    };

    Validations.of(this.secrets.tokenSigningKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the token-signing key signs every user out (tokens live 12 h); it is rotated by hand ' +
        '(docs/deploy.md, "Rotating keys") instead of by a rotation Lambda that nothing else needs.',
    });
    for (const secret of [this.secrets.dataKey, this.secrets.hashKey]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Encrypts/indexes stored ID numbers and phones: automatic rotation would make every stored ' +
          'ciphertext unreadable and every keyed-hash index unmatched; rotation is a planned re-encryption migration.',
      });
    }
    Validations.of(this.secrets.weChat).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The WeChat AppSecret is issued and reset only in the WeChat Official Accounts Platform; ' +
        'Secrets Manager cannot rotate it, an operator stores the new value.',
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    for (const [name, secret] of Object.entries(this.secrets)) {
      new CfnOutput(this, `${name[0]!.toUpperCase()}${name.slice(1)}SecretName`, {
        value: secret.secretName,
      });
    }
  }

  private generatedSecret(id: string, name: string, envName: string, length: number): Secret {
    return new Secret(this, id, {
      secretName: `grid/${this.stageConfig.name}/${name}`,
      description: `${envName}: generated at creation, never set by hand`,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: envName,
        excludePunctuation: true,
        passwordLength: length,
      },
    });
  }
}
