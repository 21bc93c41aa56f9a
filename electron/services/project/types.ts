export * from '../../../shared/project/types';
