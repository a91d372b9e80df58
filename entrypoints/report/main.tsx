import { mount } from '../../components/mount';
import { Report } from './Report';

mount(Report);
