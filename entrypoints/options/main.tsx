import { mount } from '../../components/mount';
import { Options } from './Options';

mount(Options);
