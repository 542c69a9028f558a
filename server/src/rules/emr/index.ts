import { Rule } from '../types';
import { rule as clusterNoSecurityConfiguration } from './emr-cluster-no-security-configuration';
import { rule as releaseTooOld } from './emr-release-too-old-for-security-configuration';
import { rule as atRestDisabled } from './emr-at-rest-disabled';
import { rule as inTransitDisabled } from './emr-in-transit-disabled';
import { rule as configIncomplete } from './emr-encryption-config-incomplete';
import { rule as invalidS3Mode } from './emr-invalid-s3-encryption-mode';
import { rule as ebsEncryption } from './emr-ebs-encryption';
import { rule as customAmiRelease } from './emr-custom-ami-release';
import { rule as kmsKeyUsers } from './emr-kms-key-users';

export const emrRules: Rule[] = [
  clusterNoSecurityConfiguration,
  releaseTooOld,
  atRestDisabled,
  inTransitDisabled,
  configIncomplete,
  invalidS3Mode,
  ebsEncryption,
  // advanced (cross-resource / version reasoning)
  customAmiRelease, kmsKeyUsers,
];
