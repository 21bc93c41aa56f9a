// The cache layout is pure knowledge shared with the renderer (which names snapshot folders org/name@rev).
export { parseRepoFolderName, repoFolderName } from '../../../shared/hub/repoFolder';
