/**
 * The CDK app (cdk.json runs it through tsx). `-c stage=dev|prod` picks the stage (dev by
 * default), `-c region=cn-northwest-1` synthesizes for a China region, `-c alarmEmail=` subscribes
 * an address to the alarms. cdk-nag's AwsSolutions checks run on every synth.
 */
import { manifest } from '@grid/functions/manifest/index';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addGridStacks, optionsFromContext } from '../lib/grid-app';

const app = new App();
addGridStacks(app, optionsFromContext(app, manifest));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
